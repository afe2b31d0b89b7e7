import type { Failure } from "../../domain/shared/failure.js";

/**
 * How many items one request or command may carry where it names many at once (customers to
 * merge, and the lists of later bulk operations). Each such use case checks its list before its
 * transaction starts, so a refused request writes nothing.
 */
export interface BulkLimits {
  /** LEADPORT_MAX_BULK_ITEMS. */
  readonly maxItems: number;
}

export const DEFAULT_BULK_LIMITS: BulkLimits = { maxItems: 1000 };

/** A failure naming the list, the limit and the count, or null when the list is within it. */
export function exceedsBulkLimit(path: string, count: number, limits: BulkLimits): Failure | null {
  if (count <= limits.maxItems) return null;
  const message = `names ${count} items; at most ${limits.maxItems} are accepted at once (LEADPORT_MAX_BULK_ITEMS)`;
  return { code: "too_many_items", message: `${path} ${message}`, issues: [{ path, message }], quota: { limit: limits.maxItems, count } };
}
