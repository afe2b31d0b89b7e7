import type { FieldIssue } from "../shared/failure.js";
import { err, ok, type Result } from "../shared/result.js";

/**
 * How many API requests each secret key of a workspace may make per period. A workspace without
 * one follows the server's LEADPORT_API_RATE_PER_KEY, so only workspaces that need a different
 * figure (a large integration, a small account) carry one.
 */
export interface ApiKeyRate {
  readonly requests: number;
  readonly periodSeconds: number;
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600 };

/** Beyond these a figure is a typing mistake rather than a limit: at most a day, at most 100 000 requests. */
export const MAX_RATE_REQUESTS = 100_000;
export const MAX_RATE_PERIOD_SECONDS = 86_400;

const FORMAT_HINT = "must be COUNT/PERIOD such as 300/m, 6000/m, 50/s or 5000/h (a period of s, m or h, optionally with a multiple: 100/10m)";

/**
 * Reads the same notation as the server's rate settings ("6000/m", "100/10m"), with bounds so a
 * workspace cannot switch its keys' protection off or set a figure no server could honour.
 */
export function parseApiKeyRate(text: string, path: string): Result<ApiKeyRate, FieldIssue[]> {
  const match = /^(\d{1,9})\s*\/\s*(\d{0,5})\s*([smh])$/.exec(text.trim().toLowerCase());
  if (!match) return err([{ path, message: FORMAT_HINT }]);
  const requests = Number(match[1]);
  const periodSeconds = (match[2] ? Number(match[2]) : 1) * (UNIT_SECONDS[match[3] as string] as number);
  if (requests < 1 || requests > MAX_RATE_REQUESTS) {
    return err([{ path, message: `must allow from 1 to ${MAX_RATE_REQUESTS} requests per period` }]);
  }
  if (periodSeconds < 1 || periodSeconds > MAX_RATE_PERIOD_SECONDS) {
    return err([{ path, message: "must have a period from 1 second to 24 hours" }]);
  }
  return ok({ requests, periodSeconds });
}

/** The shortest notation parseApiKeyRate reads back to the same rate: 6000/m, 100/10m, 50/s. */
export function formatApiKeyRate(rate: ApiKeyRate): string {
  for (const [unit, seconds] of [["h", 3600], ["m", 60], ["s", 1]] as const) {
    if (rate.periodSeconds % seconds !== 0) continue;
    const multiple = rate.periodSeconds / seconds;
    return `${rate.requests}/${multiple === 1 ? "" : multiple}${unit}`;
  }
  return `${rate.requests}/${rate.periodSeconds}s`;
}
