/** `capacity` requests at once, refilled evenly over `periodMs` (so capacity per period on average). */
export interface RateLimit {
  readonly capacity: number;
  readonly periodMs: number;
}

export type RateDecision =
  | { readonly allowed: true; readonly remaining: number; readonly resetSeconds: number }
  | { readonly allowed: false; readonly retryAfterSeconds: number; readonly remaining: 0; readonly resetSeconds: number };

/** Refill arithmetic is in floating point; a token short by rounding noise counts as whole. */
const EPSILON = 1e-9;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses "5/10m" (5 per 10 minutes), "100/h", "30/1s"; "off" disables the limit (null).
 * Returns an Error for anything else, so configuration mistakes fail loudly at start-up.
 */
export function parseRateLimit(text: string): RateLimit | null | Error {
  const spec = text.trim().toLowerCase();
  if (spec === "off") return null;
  const match = /^(\d+)\s*\/\s*(\d*)\s*([smhd])$/.exec(spec);
  const capacity = Number(match?.[1]);
  const periods = match?.[2] ? Number(match[2]) : 1;
  if (!match || capacity < 1 || periods < 1) {
    return new Error(`"${text}" is not a rate limit; use COUNT/PERIOD such as 5/10m, 100/h or off`);
  }
  return { capacity, periodMs: periods * (UNIT_MS[match[3] as string] as number) };
}

/**
 * Token buckets per identifier (an IP address, a key id), held in memory: a restart forgives
 * everyone, which is acceptable for spam protection. Idle buckets are forgotten once full again,
 * so the map stays bounded by the number of recently active clients.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
    private readonly maxTracked = 10_000,
  ) {}

  take(id: string): RateDecision {
    return this.decide(id, true);
  }

  /** The decision `take` would make, without spending a token. */
  peek(id: string): RateDecision {
    return this.decide(id, false);
  }

  get capacity(): number {
    return this.limit.capacity;
  }

  private decide(id: string, spend: boolean): RateDecision {
    const now = this.now();
    const bucket = this.refilled(this.buckets.get(id), now);
    if (bucket.tokens >= 1 - EPSILON) {
      if (spend) {
        bucket.tokens -= 1;
        this.remember(id, bucket, now);
      }
      return { allowed: true, remaining: Math.max(0, Math.floor(bucket.tokens + EPSILON)), resetSeconds: this.secondsUntil(bucket, this.limit.capacity) };
    }
    if (spend) this.remember(id, bucket, now);
    return { allowed: false, retryAfterSeconds: this.secondsUntil(bucket, 1), remaining: 0, resetSeconds: this.secondsUntil(bucket, this.limit.capacity) };
  }

  /** Whole seconds until the bucket holds `tokens` again (at least 1 when it does not yet). */
  private secondsUntil(bucket: Bucket, tokens: number): number {
    const missing = tokens - bucket.tokens;
    if (missing <= EPSILON) return 0;
    return Math.max(1, Math.ceil((missing * this.limit.periodMs) / this.limit.capacity / 1000 - EPSILON));
  }

  /** How many identifiers are currently tracked (for tests and diagnostics). */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { tokens: this.limit.capacity, updatedAt: now };
    const elapsed = Math.max(0, now - bucket.updatedAt);
    const tokens = Math.min(this.limit.capacity, bucket.tokens + (elapsed * this.limit.capacity) / this.limit.periodMs);
    return { tokens, updatedAt: now };
  }

  private remember(id: string, bucket: Bucket, now: number): void {
    this.buckets.delete(id); // re-insert so the map's order is least recently used first
    this.buckets.set(id, bucket);
    if (this.buckets.size <= this.maxTracked) return;
    for (const [key, other] of this.buckets) {
      if (this.refilled(other, now).tokens >= this.limit.capacity) this.buckets.delete(key);
    }
    // Still too many active clients: forget the least recently seen (lenient, never stricter).
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxTracked) break;
      this.buckets.delete(key);
    }
  }
}
