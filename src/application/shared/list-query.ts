import { z } from "zod";
import { invalid, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { PageRequest } from "../ports/pagination.js";
import { decodeCursor } from "./cursor.js";

/** The most items one page of any list holds. */
export const MAX_PAGE_SIZE = 200;
/** Items on a page when the caller does not say. */
export const DEFAULT_PAGE_SIZE = 50;

/** `limit` and `cursor` as every listing takes them. */
export const PagingInput = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`).optional(),
  cursor: z.string().max(500).optional(),
};

export function pageRequest(input: { limit?: number; cursor?: string }): Result<PageRequest, Failure> {
  const after = decodeCursor(input.cursor);
  if (after === "invalid") return err(invalid("cursor", "is not a cursor returned by this API"));
  return ok({ limit: input.limit ?? DEFAULT_PAGE_SIZE, after });
}
