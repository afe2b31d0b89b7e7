import { DEFAULT_STREAM_LIMITS, type StreamLimits } from "../adapters/http/notification-streams.js";

type ConfigFailure = (message: string) => Error;

/** setTimeout fires at once for anything longer (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, fail: ConfigFailure, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1 || value > max) throw fail(`${name} must be a whole number from 1 to ${max}, got "${raw}"`);
  return value;
}

/** LEADPORT_SSE_MAX_PER_STAFF, _PER_KEY, _TOTAL, LEADPORT_SSE_MAX_LIFETIME_MS and LEADPORT_SSE_RECHECK_MS. */
export function readStreamLimits(env: NodeJS.ProcessEnv, fail: ConfigFailure): StreamLimits {
  const d = DEFAULT_STREAM_LIMITS;
  return {
    perStaff: positiveInteger(env, "LEADPORT_SSE_MAX_PER_STAFF", d.perStaff, fail),
    perKey: positiveInteger(env, "LEADPORT_SSE_MAX_PER_KEY", d.perKey, fail),
    total: positiveInteger(env, "LEADPORT_SSE_MAX_TOTAL", d.total, fail),
    maxLifetimeMs: positiveInteger(env, "LEADPORT_SSE_MAX_LIFETIME_MS", d.maxLifetimeMs, fail, MAX_TIMER_MS),
    recheckMs: positiveInteger(env, "LEADPORT_SSE_RECHECK_MS", d.recheckMs, fail, MAX_TIMER_MS),
  };
}
