/**
 * A stream token lets a browser open one staff member's notification stream without the
 * secret key: it names the workspace, the staff member and an expiry, and is signed by the
 * server (the signature is made outside the domain). Format: `st1.<workspace>.<staff>.<expiry
 * in epoch seconds>.<signature>`, all URL-safe, so it travels as a query parameter as it is.
 */
export interface StreamTokenClaims {
  readonly workspaceId: string;
  readonly staffId: string;
  readonly expiresAt: Date;
}

export interface ParsedStreamToken {
  readonly claims: StreamTokenClaims;
  /** The part the signature covers. */
  readonly signedText: string;
  readonly signature: string;
}

/** Long enough to open a stream after fetching the token, short enough that a leaked URL soon stops working. */
export const STREAM_TOKEN_LIFETIME_MS = 5 * 60 * 1000;

const VERSION = "st1";
const URL_SAFE = /^[A-Za-z0-9_-]+$/;
const EPOCH_SECONDS = /^[1-9][0-9]{0,11}$/;

/** Expiry `now` + lifetime, whole seconds (the token carries seconds). */
export function streamTokenClaims(workspaceId: string, staffId: string, now: Date): StreamTokenClaims {
  const expiresAt = new Date(Math.floor((now.getTime() + STREAM_TOKEN_LIFETIME_MS) / 1000) * 1000);
  return { workspaceId, staffId, expiresAt };
}

export function streamTokenSignedText(claims: StreamTokenClaims): string {
  for (const id of [claims.workspaceId, claims.staffId]) {
    if (!URL_SAFE.test(id)) throw new Error(`an id in a stream token must be URL-safe, got "${id}"`);
  }
  return [VERSION, claims.workspaceId, claims.staffId, String(Math.floor(claims.expiresAt.getTime() / 1000))].join(".");
}

/** The token's parts, or null for anything that is not a well-formed token (the signature is not checked here). */
export function parseStreamToken(token: string): ParsedStreamToken | null {
  const parts = token.split(".");
  if (parts.length !== 5) return null;
  const [version, workspaceId, staffId, expiry, signature] = parts as [string, string, string, string, string];
  if (version !== VERSION || !EPOCH_SECONDS.test(expiry)) return null;
  if (![workspaceId, staffId, signature].every((part) => URL_SAFE.test(part))) return null;
  const claims = { workspaceId, staffId, expiresAt: new Date(Number(expiry) * 1000) };
  return { claims, signedText: parts.slice(0, 4).join("."), signature };
}

export function isStreamTokenExpired(claims: StreamTokenClaims, now: Date): boolean {
  return now.getTime() >= claims.expiresAt.getTime();
}
