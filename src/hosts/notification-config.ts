import { join } from "node:path";
import { DEFAULT_LINK_TTL_DAYS } from "../domain/notifications/record-link.js";
import { DEFAULT_RETRY_POLICY } from "../domain/outbox/retry-policy.js";
import type { OutboxSettings } from "../application/outbox/outbox-handler.js";

export interface NotificationConfig {
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  /** Where .eml files go without SMTP: $LEADPORT_DATA_DIR/mail. */
  readonly mailDirectory: string;
  readonly smtpTimeoutMs: number;
  /** Base of the links in mails. */
  readonly publicUrl: string;
  /** LEADPORT_LINK_TTL_DAYS: how long a record page link in a notification opens its page. */
  readonly linkTtlDays: number;
  readonly outbox: OutboxSettings;
  /** How often the server looks for due outbox messages when nothing nudges it. */
  readonly pollIntervalMs: number;
}

export const DEFAULT_MAIL_FROM = "Leadport <leadport@localhost>";
/** Delivered outbox messages are deleted after this many days; failed ones stay until requeued. */
export const DEFAULT_OUTBOX_RETENTION_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export function defaultNotificationConfig(dataDir: string, publicUrl = "http://127.0.0.1:3000"): NotificationConfig {
  return {
    smtpUrl: null,
    mailFrom: DEFAULT_MAIL_FROM,
    mailDirectory: join(dataDir, "mail"),
    smtpTimeoutMs: 30_000,
    publicUrl,
    linkTtlDays: DEFAULT_LINK_TTL_DAYS,
    outbox: { retry: DEFAULT_RETRY_POLICY, leaseMs: 120_000, retentionMs: DEFAULT_OUTBOX_RETENTION_DAYS * DAY_MS },
    pollIntervalMs: 500,
  };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new NotificationConfigError(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export class NotificationConfigError extends Error {}

/** LEADPORT_SMTP_URL, LEADPORT_MAIL_FROM, LEADPORT_PUBLIC_URL and the outbox timings. */
export function readNotificationConfig(env: NodeJS.ProcessEnv, dataDir: string, host: string, port: number): NotificationConfig {
  const defaults = defaultNotificationConfig(dataDir, env.LEADPORT_PUBLIC_URL || `http://${host.includes(":") ? `[${host}]` : host}:${port}`);
  const retry = defaults.outbox.retry;
  return {
    ...defaults,
    smtpUrl: env.LEADPORT_SMTP_URL || null,
    mailFrom: env.LEADPORT_MAIL_FROM || DEFAULT_MAIL_FROM,
    smtpTimeoutMs: positiveInteger(env, "LEADPORT_SMTP_TIMEOUT_MS", defaults.smtpTimeoutMs),
    linkTtlDays: positiveInteger(env, "LEADPORT_LINK_TTL_DAYS", defaults.linkTtlDays),
    pollIntervalMs: positiveInteger(env, "LEADPORT_OUTBOX_POLL_MS", defaults.pollIntervalMs),
    outbox: {
      leaseMs: positiveInteger(env, "LEADPORT_OUTBOX_LEASE_MS", defaults.outbox.leaseMs),
      retentionMs: positiveInteger(env, "LEADPORT_OUTBOX_RETENTION_DAYS", DEFAULT_OUTBOX_RETENTION_DAYS) * DAY_MS,
      retry: {
        baseDelayMs: positiveInteger(env, "LEADPORT_OUTBOX_BACKOFF_MS", retry.baseDelayMs),
        maxDelayMs: positiveInteger(env, "LEADPORT_OUTBOX_MAX_BACKOFF_MS", retry.maxDelayMs),
        maxAttempts: positiveInteger(env, "LEADPORT_OUTBOX_MAX_ATTEMPTS", retry.maxAttempts),
      },
    },
  };
}

/** The domain of the sender address, used on the right of generated Message-IDs. */
export function messageIdDomain(mailFrom: string): string {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom)?.[1] ?? "leadport";
}
