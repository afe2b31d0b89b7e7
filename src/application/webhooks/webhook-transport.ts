import type { AttemptOutcome } from "../../domain/webhook/delivery.js";

/** One signed POST of a webhook body. */
export interface WebhookRequest {
  readonly url: string;
  /** Sent byte for byte; the signature covers exactly this text. */
  readonly body: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly deliveryId: string;
  /** Each signs the request (two while a rotated secret's grace period runs); they never appear in a log or an error. */
  readonly secrets: readonly string[];
  readonly sentAt: Date;
}

/**
 * Sends webhook requests. Implementations time out, read at most a bounded part of the answer,
 * do not follow redirects and refuse target addresses the operator has not allowed (checked on
 * the address actually connected to); every such failure is an outcome, never a throw.
 */
export interface WebhookTransport {
  send(request: WebhookRequest): Promise<AttemptOutcome>;
}

/** A number in [0, 1) for retry jitter; tests pass a fixed one. */
export interface RandomSource {
  next(): number;
}
