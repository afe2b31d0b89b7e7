import type { ApiKey } from "../../domain/access/api-key.js";

/** What the middleware chain puts into `ctx.state` for handlers. */
export interface LeadportState {
  requestId: string;
  apiKey?: ApiKey;
  workspaceId?: string;
  body?: unknown;
  /** Set by the idempotency middleware for requests that carry an Idempotency-Key. */
  idempotencyGate?: unknown;
  /** The request presented no usable key; counted against its address. */
  authFailed?: boolean;
}

export function workspaceOf(state: LeadportState): string {
  if (!state.workspaceId) throw new Error("route mounted without authentication");
  return state.workspaceId;
}

/** Query strings become plain objects; a repeated parameter stays an array so validation can refuse it. */
export function queryObject(query: Record<string, string | string[] | undefined>): Record<string, unknown> {
  // Parameter names come from the client: `?__proto__=x` must stay a parameter, not a prototype.
  const result = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(query)) if (value !== undefined) result[key] = value;
  return result;
}
