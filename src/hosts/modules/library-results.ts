import { ok, type Result } from "../../domain/shared/result.js";

/** The library answers views, not entities: maps the value of an ok result, passes a failure on. */
export const mapResult = <T, U, E>(result: Result<T, E>, f: (value: T) => U): Result<U, E> => (result.ok ? ok(f(result.value)) : result);
