/**
 * A record link lets one staff member open one inquiry, order or ticket in a browser without the
 * secret key: it names the workspace, the member, the record and an expiry, and is signed by the
 * server the way stream tokens are (the signature is made outside the domain). Format:
 * `rl1.<workspace>.<staff>.<kind>.<record>.<expiry in epoch seconds>.<signature>`, URL-safe.
 */
export const RECORD_KINDS = ["inquiry", "order", "ticket"] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface RecordLinkClaims {
  readonly workspaceId: string;
  readonly staffId: string;
  readonly kind: RecordKind;
  readonly recordId: string;
  readonly expiresAt: Date;
}

export interface ParsedRecordLink {
  readonly claims: RecordLinkClaims;
  /** The part the signature covers. */
  readonly signedText: string;
  readonly signature: string;
}

export const DEFAULT_LINK_TTL_DAYS = 14;

const VERSION = "rl1";
const KIND_LETTERS: Readonly<Record<RecordKind, string>> = { inquiry: "i", order: "o", ticket: "t" };
const URL_SAFE = /^[A-Za-z0-9_-]+$/;
const EPOCH_SECONDS = /^[1-9][0-9]{0,11}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Expiry `now` + the lifetime in days, whole seconds (the link carries seconds). */
export function recordLinkClaims(workspaceId: string, staffId: string, kind: RecordKind, recordId: string, now: Date, ttlDays: number): RecordLinkClaims {
  const expiresAt = new Date(Math.floor((now.getTime() + ttlDays * DAY_MS) / 1000) * 1000);
  return { workspaceId, staffId, kind, recordId, expiresAt };
}

export function recordLinkSignedText(claims: RecordLinkClaims): string {
  for (const id of [claims.workspaceId, claims.staffId, claims.recordId]) {
    if (!URL_SAFE.test(id)) throw new Error(`an id in a record link must be URL-safe, got "${id}"`);
  }
  const expiry = String(Math.floor(claims.expiresAt.getTime() / 1000));
  return [VERSION, claims.workspaceId, claims.staffId, KIND_LETTERS[claims.kind], claims.recordId, expiry].join(".");
}

/** The link's parts, or null for anything that is not a well-formed link (the signature is not checked here). */
export function parseRecordLink(token: string): ParsedRecordLink | null {
  const parts = token.split(".");
  if (parts.length !== 7) return null;
  const [version, workspaceId, staffId, letter, recordId, expiry, signature] = parts as [string, string, string, string, string, string, string];
  const kind = RECORD_KINDS.find((candidate) => KIND_LETTERS[candidate] === letter);
  if (version !== VERSION || !kind || !EPOCH_SECONDS.test(expiry)) return null;
  if (![workspaceId, staffId, recordId, signature].every((part) => URL_SAFE.test(part))) return null;
  const claims = { workspaceId, staffId, kind, recordId, expiresAt: new Date(Number(expiry) * 1000) };
  return { claims, signedText: parts.slice(0, 6).join("."), signature };
}

export function isRecordLinkExpired(claims: RecordLinkClaims, now: Date): boolean {
  return now.getTime() >= claims.expiresAt.getTime();
}

/** Where a record's page lives, relative to the public address. */
export function recordPagePath(kind: RecordKind, recordId: string, token: string): string {
  const section = kind === "inquiry" ? "inquiries" : kind === "order" ? "orders" : "tickets";
  return `/app/${section}/${encodeURIComponent(recordId)}?t=${encodeURIComponent(token)}`;
}
