import { DEFAULT_RETRY_SCHEDULE } from "../../../domain/webhook/delivery.js";
import type { WebhookSettings } from "../../../application/webhooks/webhook-settings.js";
import { ModuleConfigError } from "../feature-module.js";

const HOUR_MS = 3_600_000;

export interface WebhookConfig {
  readonly settings: WebhookSettings;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly pollIntervalMs: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name]?.trim();
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ModuleConfigError(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const text = env[name]?.trim().toLowerCase();
  if (text === undefined || text === "" || text === "false" || text === "0" || text === "off") return false;
  if (text === "true" || text === "1" || text === "on") return true;
  throw new ModuleConfigError(`${name} must be true or false, not "${env[name]}"`);
}

/** The webhook settings from the environment (README, Configuration); a bad value names its variable. */
export function readWebhookConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  const timeoutMs = integer(env, "LEADPORT_WEBHOOK_TIMEOUT_MS", 10_000, 100, 60_000);
  // Never less than a day: a receiver down over a night or a weekend day still gets every event.
  const retryHours = integer(env, "LEADPORT_WEBHOOK_RETRY_HOURS", 24, 24, 24 * 14);
  const disableAfterHours = integer(env, "LEADPORT_WEBHOOK_DISABLE_AFTER_HOURS", 72, 1, 24 * 60);
  return {
    timeoutMs,
    maxResponseBytes: integer(env, "LEADPORT_WEBHOOK_MAX_RESPONSE_BYTES", 64 * 1024, 1024, 1024 * 1024),
    pollIntervalMs: integer(env, "LEADPORT_WEBHOOK_POLL_MS", 1000, 10, 600_000),
    settings: {
      retry: { ...DEFAULT_RETRY_SCHEDULE, windowMs: retryHours * HOUR_MS },
      disableAfterMs: disableAfterHours * HOUR_MS,
      // Longer than any send can take, so an attempt in flight is never started twice.
      leaseMs: timeoutMs + 30_000,
      batchSize: 20,
      targets: { allowPrivate: flag(env, "LEADPORT_WEBHOOK_ALLOW_PRIVATE_TARGETS") },
      keepFinishedMs: integer(env, "LEADPORT_WEBHOOK_KEEP_DAYS", 30, 1, 3650) * 24 * HOUR_MS,
    },
  };
}
