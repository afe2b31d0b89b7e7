/**
 * One event on its way to one subscription. The body is fixed when the delivery is queued, so
 * every attempt (and a redelivery by hand) sends the same bytes with the same event id.
 */
export type DeliveryStatus = "pending" | "delivered" | "dead";

export const DELIVERY_STATUSES = ["pending", "delivered", "dead"] as const satisfies readonly DeliveryStatus[];

export interface WebhookDelivery {
  readonly id: string;
  readonly workspaceId: string;
  readonly subscriptionId: string;
  readonly eventId: string;
  /** The public event name, e.g. `inquiry.created`. */
  readonly eventType: string;
  /** The record the event is about: deliveries of one record go out in order. */
  readonly recordId: string;
  /** The customer the record belongs to, if any: erasing the customer removes the delivery (docs/adr/0007). */
  readonly customerId: string | null;
  /** Sorts deliveries in the order their events happened: occurredAt, then the event id. */
  readonly position: string;
  readonly body: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** Due from then on (while pending); also the end of the lease of an attempt in flight. */
  readonly nextAttemptAt: string;
  /** When the current round of attempts started: queued, or redelivered by hand. Retries end a window after it. */
  readonly roundStartedAt: string;
  readonly lastAttemptAt: string | null;
  readonly lastStatusCode: number | null;
  /** The start of the last answer's body, or the network error. */
  readonly lastResponse: string | null;
  readonly deliveredAt: string | null;
  readonly createdAt: string;
}

export function deliveryPosition(occurredAt: string, eventId: string): string {
  return `${occurredAt} ${eventId}`;
}

/** The outcome of one attempt, as the sending side saw it. */
export type AttemptOutcome =
  | { readonly kind: "answered"; readonly statusCode: number; readonly body: string; readonly retryAfterMs: number | null }
  /** No answer: refused connection, timeout, or a target address the policy refuses. */
  | { readonly kind: "failed"; readonly error: string };

export interface RetrySchedule {
  /** Delay after the first failed attempt; each further one doubles it. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** How long after the round started retries go on; the last attempt is made at its end. */
  readonly windowMs: number;
}

/** Thirty seconds, doubling up to three hours, for a day: about fifteen attempts. */
export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = { baseDelayMs: 30_000, maxDelayMs: 3 * 3_600_000, windowMs: 24 * 3_600_000 };

export const MAX_RESPONSE_EXCERPT = 1024;

export function isSuccess(outcome: AttemptOutcome): boolean {
  return outcome.kind === "answered" && outcome.statusCode >= 200 && outcome.statusCode < 300;
}

/** 410 Gone: the receiver says this URL is no more; the subscription is switched off. */
export function isGone(outcome: AttemptOutcome): boolean {
  return outcome.kind === "answered" && outcome.statusCode === 410;
}

/**
 * The wait before the next attempt: exponential, capped, with "equal jitter" (half fixed, half
 * random) so that many deliveries failing together do not come back together. `random` is in [0, 1).
 * A Retry-After from the receiver is honoured when it asks for longer (up to the cap).
 */
export function retryDelayMs(attemptsMade: number, schedule: RetrySchedule, random: number, retryAfterMs: number | null): number {
  const exponential = Math.min(schedule.maxDelayMs, schedule.baseDelayMs * 2 ** Math.min(Math.max(0, attemptsMade - 1), 40));
  const jittered = exponential / 2 + (exponential / 2) * Math.min(Math.max(random, 0), 1);
  return Math.round(Math.max(jittered, Math.min(retryAfterMs ?? 0, schedule.maxDelayMs)));
}

/**
 * Records an attempt's outcome. A failure is retried until the window since the round started has
 * passed: the last retry is made exactly at the window's end, so a receiver that is down for up to
 * the whole window still gets the event; after that the delivery is dead (a dead letter) until it
 * is redelivered by hand. 410 Gone ends retries at once.
 */
export function recordAttempt(delivery: WebhookDelivery, outcome: AttemptOutcome, now: Date, schedule: RetrySchedule, random: number): WebhookDelivery {
  const at = now.toISOString();
  const seen = {
    ...delivery,
    lastAttemptAt: at,
    lastStatusCode: outcome.kind === "answered" ? outcome.statusCode : null,
    lastResponse: (outcome.kind === "answered" ? outcome.body : outcome.error).slice(0, MAX_RESPONSE_EXCERPT),
  };
  if (isSuccess(outcome)) return { ...seen, status: "delivered", deliveredAt: at, nextAttemptAt: at };
  const windowEnd = Date.parse(delivery.roundStartedAt) + schedule.windowMs;
  if (isGone(outcome) || now.getTime() >= windowEnd) return { ...seen, status: "dead", nextAttemptAt: at };
  const delay = retryDelayMs(delivery.attempts, schedule, random, outcome.kind === "answered" ? outcome.retryAfterMs : null);
  return { ...seen, status: "pending", nextAttemptAt: new Date(Math.min(now.getTime() + delay, windowEnd)).toISOString() };
}

/** An attempt starts: counted at once, and the delivery is out of sight until its lease ends. */
export function startAttempt(delivery: WebhookDelivery, now: Date, leaseMs: number): WebhookDelivery {
  return { ...delivery, attempts: delivery.attempts + 1, nextAttemptAt: new Date(now.getTime() + leaseMs).toISOString() };
}

/** By hand: a new round of attempts, due at once. */
export function redeliver(delivery: WebhookDelivery, now: Date): WebhookDelivery {
  const at = now.toISOString();
  return { ...delivery, status: "pending", attempts: 0, nextAttemptAt: at, roundStartedAt: at, deliveredAt: null };
}
