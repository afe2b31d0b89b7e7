/**
 * Stable failure codes shared by every layer. Hosts translate them in one table each
 * (HTTP status, CLI exit code); the domain only says what went wrong.
 */
export type FailureCode =
  | "validation_failed"
  | "not_found"
  | "conflict"
  | "unauthenticated"
  | "forbidden"
  /** A list holds more items than one request or command may carry; `quota` says how many. */
  | "too_many_items";

export interface FieldIssue {
  /** Dotted path of the offending input field, e.g. `contact.email`. */
  readonly path: string;
  readonly message: string;
}

export interface Failure {
  readonly code: FailureCode;
  readonly message: string;
  readonly issues?: readonly FieldIssue[];
  /** For `too_many_items`: the limit and what was sent. */
  readonly quota?: { readonly limit: number; readonly count: number };
}

export const invalid = (path: string, message: string): Failure => ({
  code: "validation_failed",
  message: `${path}: ${message}`,
  issues: [{ path, message }],
});

export const notFound = (what: string): Failure => ({ code: "not_found", message: `${what} not found` });

export const conflict = (message: string): Failure => ({ code: "conflict", message });
