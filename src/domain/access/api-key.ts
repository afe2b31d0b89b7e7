/**
 * `secret` keys use the whole API of their workspace; `publishable` keys may only submit
 * inquiries through the public form endpoint from their allowed origins.
 */
export type ApiKeyKind = "secret" | "publishable";

export interface ApiKey {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly kind: ApiKeyKind;
  /** The first characters of the key, kept readable so a leaked key can be recognised. */
  readonly prefix: string;
  /** Only a hash of the key is stored; the key itself is shown once. */
  readonly hash: string;
  readonly allowedOrigins: readonly string[];
  /** Publishable keys: where a plain HTML form submission is redirected (absent on older keys). */
  readonly thankYouUrl?: string | null;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

export const KEY_PREFIXES: Readonly<Record<ApiKeyKind, string>> = { secret: "lp_live_", publishable: "lp_pub_" };

export function isUsable(key: ApiKey): boolean {
  return key.revokedAt === null;
}

/** The part of a key shown in listings: its kind prefix and four characters of the secret. */
export function displayPrefix(plainKey: string): string {
  return plainKey.slice(0, plainKey.indexOf("_", 3) + 5);
}

/**
 * Whether a browser page on `origin` may submit through this key. Only publishable keys serve
 * browsers, and only for origins listed exactly (scheme, host and port).
 */
export function allowsOrigin(key: ApiKey, origin: string): boolean {
  return key.kind === "publishable" && isUsable(key) && key.allowedOrigins.includes(origin);
}
