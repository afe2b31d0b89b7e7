import { join, resolve } from "node:path";
import { parseRateLimit, type RateLimit } from "../adapters/system/token-bucket.js";
import { DEFAULT_ATTACHMENT_QUOTAS, type AttachmentQuotas } from "../application/attachments/attachments.js";
import { DEFAULT_BULK_LIMITS, type BulkLimits } from "../application/shared/bulk-limits.js";
import type { ApiRateLimits } from "../adapters/http/rate-limits.js";
import type { AttachmentLimits } from "../adapters/http/intake-services.js";
import type { StreamLimits } from "../adapters/http/notification-streams.js";
import { readAttachmentLimits } from "./attachment-config.js";
import { readStreamLimits } from "./stream-config.js";
import { spamPattern, type SpamRules } from "../domain/inquiry/spam.js";
import { DEFAULT_LOCK_WAIT_MS } from "../adapters/sqlite/sqlite-unit-of-work.js";
import { readNotificationConfig, type NotificationConfig } from "./notification-config.js";

export interface LeadportConfig {
  /** The environment the configuration was read from; feature modules read their own settings from it. */
  readonly env: NodeJS.ProcessEnv;
  readonly dataDir: string;
  /** SQLite file path, or ":memory:"; unused when `postgres` is set. */
  readonly database: string;
  /**
   * LEADPORT_DATABASE_URL (or --database-url): a PostgreSQL server several instances share, with
   * LEADPORT_DATABASE_SCHEMA (default public) for its tables. Null: the SQLite file above.
   */
  readonly postgres: { readonly url: string; readonly schema: string } | null;
  readonly port: number;
  readonly host: string;
  /** Contact-form submissions per client address and per publishable key (null: unlimited). */
  readonly formRatePerIp: RateLimit | null;
  readonly formRatePerKey: RateLimit | null;
  /** LEADPORT_FORM_REQUIRE_CONSENT: the contact form refuses a submission without its consent checkbox. */
  readonly formRequireConsent: boolean;
  /** LEADPORT_FORM_MIN_FILL_SECONDS and LEADPORT_SPAM_PATTERNS: what holds a contact-form submission for review. */
  readonly spamRules: SpamRules;
  /** Reverse proxies in front of the server: the client address is this many hops from the right of X-Forwarded-For (0: ignore the header). */
  readonly trustProxy: number;
  readonly attachmentLimits: AttachmentLimits;
  /** Open notification streams per staff member, per key and in total, their lifetime and re-check interval. */
  readonly notificationStreams: StreamLimits;
  readonly notifications: NotificationConfig;
  /** LEADPORT_PUBLIC_URL without a trailing slash: where clients reach the server (null: the address it listens on). */
  readonly publicUrl: string | null;
  /** How long a write waits for another process's database lock before answering 503. */
  readonly lockWaitMs: number;
  /** On SIGTERM/SIGINT, how long requests in flight may still run before their connections are cut. */
  readonly shutdownTimeoutMs: number;
  /** PEM certificate chain and private key files: the server speaks HTTPS itself (null: plain HTTP, e.g. behind a proxy). */
  /** Limits on /api/… per secret key, per client address, and on failed authentications per address. */
  readonly apiRateLimits: ApiRateLimits;
  readonly attachmentQuotas: AttachmentQuotas;
  /** LEADPORT_MAX_BULK_ITEMS: items one request or command may name at once (customers to merge, …). */
  readonly bulkLimits: BulkLimits;
  readonly tls: { readonly certFile: string; readonly keyFile: string } | null;
}

export interface ConfigOverrides {
  readonly db?: string;
  readonly databaseUrl?: string;
  readonly dataDir?: string;
  readonly port?: number | string;
  readonly host?: string;
}

/** Environment first, then command-line overrides; every default is usable on a fresh clone. */
export function readConfig(env: NodeJS.ProcessEnv, overrides: ConfigOverrides = {}): LeadportConfig {
  const dataDir = resolve(overrides.dataDir ?? env.LEADPORT_DATA_DIR ?? "./data");
  const database = overrides.db ?? env.LEADPORT_DB ?? join(dataDir, "leadport.db");
  const port = Number(overrides.port ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be 0-65535, got "${overrides.port ?? env.PORT}"`);
  const host = overrides.host ?? env.HOST ?? "127.0.0.1";
  return {
    env,
    dataDir,
    database: database === ":memory:" ? database : resolve(database),
    postgres: postgresSettings(overrides.databaseUrl ?? env.LEADPORT_DATABASE_URL, env.LEADPORT_DATABASE_SCHEMA),
    port,
    host,
    formRatePerIp: rateLimit("LEADPORT_FORM_RATE_PER_IP", env.LEADPORT_FORM_RATE_PER_IP ?? "5/10m"),
    formRatePerKey: rateLimit("LEADPORT_FORM_RATE_PER_KEY", env.LEADPORT_FORM_RATE_PER_KEY ?? "100/h"),
    formRequireConsent: yesNo("LEADPORT_FORM_REQUIRE_CONSENT", env.LEADPORT_FORM_REQUIRE_CONSENT),
    spamRules: { minFillSeconds: minFillSeconds(env.LEADPORT_FORM_MIN_FILL_SECONDS), patterns: spamPatterns(env.LEADPORT_SPAM_PATTERNS) },
    trustProxy: trustedHops(env.LEADPORT_TRUST_PROXY),
    attachmentLimits: readAttachmentLimits(env, (message) => new ConfigError(message)),
    notificationStreams: readStreamLimits(env, (message) => new ConfigError(message)),
    // Mail links need an address a person can open: a wildcard bind address is not one.
    notifications: readNotificationConfig(env, dataDir, reachableHost(host), port),
    publicUrl: publicUrl(env.LEADPORT_PUBLIC_URL),
    lockWaitMs: lockWait(env.LEADPORT_LOCK_WAIT_MS),
    apiRateLimits: {
      perKey: rateLimit("LEADPORT_API_RATE_PER_KEY", env.LEADPORT_API_RATE_PER_KEY ?? "1200/m"),
      perIp: rateLimit("LEADPORT_API_RATE_PER_IP", env.LEADPORT_API_RATE_PER_IP ?? "300/m"),
      authFailuresPerIp: rateLimit("LEADPORT_AUTH_FAILURES_PER_IP", env.LEADPORT_AUTH_FAILURES_PER_IP ?? "20/10m"),
    },
    attachmentQuotas: {
      perInquiry: wholeNumber("LEADPORT_ATTACHMENTS_PER_INQUIRY", env.LEADPORT_ATTACHMENTS_PER_INQUIRY, DEFAULT_ATTACHMENT_QUOTAS.perInquiry),
      workspaceBytes: wholeNumber("LEADPORT_WORKSPACE_ATTACHMENT_BYTES", env.LEADPORT_WORKSPACE_ATTACHMENT_BYTES, DEFAULT_ATTACHMENT_QUOTAS.workspaceBytes),
    },
    bulkLimits: { maxItems: wholeNumber("LEADPORT_MAX_BULK_ITEMS", env.LEADPORT_MAX_BULK_ITEMS, DEFAULT_BULK_LIMITS.maxItems) },
    tls: tlsFiles(env.LEADPORT_TLS_CERT, env.LEADPORT_TLS_KEY),
    shutdownTimeoutMs: milliseconds("LEADPORT_SHUTDOWN_TIMEOUT_MS", env.LEADPORT_SHUTDOWN_TIMEOUT_MS, 10_000, 600_000),
  };
}

const WILDCARD_HOSTS = new Set(["0.0.0.0", "::", "[::]", "::0", ""]);

/** True for an address that accepts connections on every interface. */
export function isWildcardHost(host: string): boolean {
  return WILDCARD_HOSTS.has(host.trim());
}

/** True for an address only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/**
 * The host to put into printed curl lines and mail links when LEADPORT_PUBLIC_URL is not set:
 * the bind address, except that a wildcard (0.0.0.0, ::) cannot be opened from a browser, so
 * the local loopback address stands in for it.
 */
export function reachableHost(host: string): string {
  if (!isWildcardHost(host)) return host;
  return host.includes(":") ? "::1" : "127.0.0.1";
}

/** `http://host:port` for a host as reachableHost gives it (IPv6 in brackets). */
export function reachableUrl(host: string, port: number): string {
  const usable = reachableHost(host.replace(/^\[|\]$/g, ""));
  return `http://${usable.includes(":") ? `[${usable}]` : usable}:${port}`;
}

/**
 * What the server says at start about its public address: nothing when LEADPORT_PUBLIC_URL is
 * set or it listens on loopback only; otherwise a warning, since links would name an address
 * other people cannot reach.
 */
export function publicUrlWarning(config: Pick<LeadportConfig, "publicUrl" | "host">, linkBase: string): string | null {
  if (config.publicUrl !== null || isLoopbackHost(config.host)) return null;
  return (
    `Warning: HOST=${config.host} but LEADPORT_PUBLIC_URL is not set: printed examples and links in mails use ${linkBase}, ` +
    "which works only on this machine. Set LEADPORT_PUBLIC_URL to the address people reach the server at, e.g. https://leads.example.org."
  );
}

/**
 * Where the data lives, for start-up lines and messages: the SQLite file, or the PostgreSQL
 * server without its password.
 */
export function describeDatabase(config: Pick<LeadportConfig, "database" | "postgres">): string {
  if (!config.postgres) return config.database;
  const url = new URL(config.postgres.url);
  if (url.password) url.password = "***";
  return `${url.href} (schema ${config.postgres.schema})`;
}

function postgresSettings(rawUrl: string | undefined, rawSchema: string | undefined): LeadportConfig["postgres"] {
  const url = (rawUrl ?? "").trim();
  if (url === "") {
    if ((rawSchema ?? "").trim() !== "") throw new ConfigError("LEADPORT_DATABASE_SCHEMA is set but LEADPORT_DATABASE_URL is not: the schema names a place in a PostgreSQL database");
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`LEADPORT_DATABASE_URL must be a postgres:// URL, e.g. postgres://leadport@db.example.org:5432/leadport`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new ConfigError(`LEADPORT_DATABASE_URL must start with postgres:// or postgresql://, got "${parsed.protocol}//…"`);
  }
  const schema = (rawSchema ?? "").trim() || "public";
  if (!/^[a-z_][a-z0-9_]*$/.test(schema) || schema.length > 63) {
    throw new ConfigError(`LEADPORT_DATABASE_SCHEMA must be a plain lower-case name (letters, digits, _), got "${rawSchema}"`);
  }
  return { url, schema };
}

export const DEFAULT_MIN_FILL_SECONDS = 3;

function minFillSeconds(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return DEFAULT_MIN_FILL_SECONDS;
  const value = Number(raw.trim());
  if (!Number.isFinite(value) || value < 0 || value > 3600) {
    throw new ConfigError(`LEADPORT_FORM_MIN_FILL_SECONDS must be a number of seconds from 0 (off) to 3600, got "${raw}"`);
  }
  return value;
}

/**
 * LEADPORT_SPAM_PATTERNS: a JSON array of strings, or a comma-separated list; `/expr/` is a regular
 * expression, anything else a substring, both case-insensitive. A broken expression stops the start.
 */
function spamPatterns(raw: string | undefined): RegExp[] {
  const text = (raw ?? "").trim();
  if (text === "") return [];
  let entries: unknown;
  if (text.startsWith("[")) {
    try {
      entries = JSON.parse(text);
    } catch {
      throw new ConfigError("LEADPORT_SPAM_PATTERNS starts with '[' but is not a JSON array of strings");
    }
    if (!Array.isArray(entries) || !entries.every((entry) => typeof entry === "string")) {
      throw new ConfigError("LEADPORT_SPAM_PATTERNS must be a JSON array of strings or a comma-separated list");
    }
  } else {
    entries = text.split(",");
  }
  return (entries as string[]).map((entry) => entry.trim()).filter((entry) => entry !== "").map((entry) => {
    try {
      return spamPattern(entry);
    } catch (error) {
      throw new ConfigError(`LEADPORT_SPAM_PATTERNS: "${entry}" is not a valid regular expression (${(error as Error).message})`);
    }
  });
}

function yesNo(name: string, raw: string | undefined): boolean {
  const value = (raw ?? "").trim().toLowerCase();
  if (["", "false", "no", "off", "0"].includes(value)) return false;
  if (["true", "yes", "on", "1"].includes(value)) return true;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** A number of proxy hops; `true`/`yes` mean one proxy (the setting's old meaning), `false`/`no`/`off` none. */
function trustedHops(raw: string | undefined): number {
  const value = (raw ?? "").trim().toLowerCase();
  if (["", "false", "no", "off"].includes(value)) return 0;
  if (["true", "yes", "on"].includes(value)) return 1;
  const hops = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(hops)) {
    throw new ConfigError(`LEADPORT_TRUST_PROXY must be the number of reverse proxies in front of the server (0, 1, 2, ...), got "${raw}"`);
  }
  return hops;
}

function publicUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`LEADPORT_PUBLIC_URL must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(`LEADPORT_PUBLIC_URL must be http or https, got "${raw}"`);
  return url.href.replace(/\/+$/, "");
}

function lockWait(raw: string | undefined): number {
  if (raw === undefined || raw === "") return DEFAULT_LOCK_WAIT_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 60_000) {
    throw new ConfigError(`LEADPORT_LOCK_WAIT_MS must be a whole number of milliseconds from 0 to 60000, got "${raw}"`);
  }
  return value;
}

function tlsFiles(cert: string | undefined, key: string | undefined): LeadportConfig["tls"] {
  if (!cert && !key) return null;
  if (!cert || !key) throw new ConfigError("LEADPORT_TLS_CERT and LEADPORT_TLS_KEY go together: set both (PEM files) or neither");
  return { certFile: resolve(cert), keyFile: resolve(key) };
}

function wholeNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

function milliseconds(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new ConfigError(`${name} must be a whole number of milliseconds from 0 to ${max}, got "${raw}"`);
  return value;
}

function rateLimit(name: string, value: string): RateLimit | null {
  const parsed = parseRateLimit(value);
  if (parsed instanceof Error) throw new ConfigError(`${name}: ${parsed.message}`);
  return parsed;
}

export class ConfigError extends Error {}
