/*
 * Idempotent retries (IETF draft "The Idempotency-Key HTTP Header Field"): the first answer to a
 * creating request is kept per workspace and key and replayed to every retry with the same key.
 */

/** How long an answer is kept for retries. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * A claim whose request never finished (the process died mid-request) stops blocking retries
 * after this long; until then a retry is told the first attempt is still running.
 */
export const IDEMPOTENCY_ABANDONED_AFTER_MS = 5 * 60 * 1000;

/** The key a client sends: printable ASCII, at most 255 characters (the draft leaves the format open). */
export function isValidIdempotencyKey(key: string): boolean {
  return /^[\x21-\x7e]{1,255}$/.test(key);
}

export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface IdempotencyRecord {
  readonly workspaceId: string;
  readonly key: string;
  /** A hash of method, path and request body; a retry must match it. */
  readonly fingerprint: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** null while the first request is still running. */
  readonly response: StoredResponse | null;
}

export type IdempotencyDecision =
  | { readonly kind: "proceed" }
  | { readonly kind: "replay"; readonly response: StoredResponse }
  | { readonly kind: "mismatch" }
  | { readonly kind: "in_flight" };

/** What a request with this key and fingerprint does, given what is stored under the key. */
export function decideIdempotentRequest(existing: IdempotencyRecord | null, fingerprint: string, now: Date): IdempotencyDecision {
  if (!existing || Date.parse(existing.expiresAt) <= now.getTime()) return { kind: "proceed" };
  if (existing.fingerprint !== fingerprint) return { kind: "mismatch" };
  if (existing.response) return { kind: "replay", response: existing.response };
  const abandoned = now.getTime() - Date.parse(existing.createdAt) >= IDEMPOTENCY_ABANDONED_AFTER_MS;
  return abandoned ? { kind: "proceed" } : { kind: "in_flight" };
}

export function newIdempotencyClaim(workspaceId: string, key: string, fingerprint: string, now: Date): IdempotencyRecord {
  return {
    workspaceId,
    key,
    fingerprint,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + IDEMPOTENCY_RETENTION_MS).toISOString(),
    response: null,
  };
}
