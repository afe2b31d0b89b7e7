import { DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from "../adapters/http/intake-services.js";

type ConfigFailure = (message: string) => Error;

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, fail: ConfigFailure): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw fail(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

/** LEADPORT_ATTACHMENT_MAX_BYTES (per file, default 10 MiB) and LEADPORT_ATTACHMENT_MAX_FILES (per request, default 10). */
export function readAttachmentLimits(env: NodeJS.ProcessEnv, fail: ConfigFailure): AttachmentLimits {
  return {
    maxBytes: positiveInteger(env, "LEADPORT_ATTACHMENT_MAX_BYTES", DEFAULT_ATTACHMENT_LIMITS.maxBytes, fail),
    maxFiles: positiveInteger(env, "LEADPORT_ATTACHMENT_MAX_FILES", DEFAULT_ATTACHMENT_LIMITS.maxFiles, fail),
  };
}
