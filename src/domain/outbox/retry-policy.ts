/** How often and how patiently a failing side effect is retried before it becomes a dead letter. */
export interface RetryPolicy {
  /** Delay before the second attempt; each further attempt waits twice as long. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Attempts in total, the first included; after the last one fails the message is dead. */
  readonly maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 8 };

export type RetryDecision =
  | { readonly status: "pending"; readonly nextAttemptAt: string }
  | { readonly status: "failed"; readonly nextAttemptAt: string };

/** Exponential backoff, capped: base, 2·base, 4·base, … never above the maximum. */
export function backoffDelayMs(attemptsMade: number, policy: RetryPolicy): number {
  const exponent = Math.max(0, attemptsMade - 1);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 52));
}

/** What happens after the `attemptsMade`-th attempt failed at `now`. */
export function afterFailedAttempt(attemptsMade: number, policy: RetryPolicy, now: Date): RetryDecision {
  if (attemptsMade >= policy.maxAttempts) return { status: "failed", nextAttemptAt: now.toISOString() };
  return { status: "pending", nextAttemptAt: new Date(now.getTime() + backoffDelayMs(attemptsMade, policy)).toISOString() };
}
