import type { RetryPolicy } from "../../domain/outbox/retry-policy.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";

/**
 * A consumer of outbox messages (staff notifications, mail sending; later surveys, accounting,
 * webhooks). The dispatcher runs every handler whose `eventTypes` include the message's type and
 * marks the message done only when all of them succeeded; a throw means "retry later".
 *
 * Delivery is at-least-once, and a retry runs all handlers of the message again, so a handler
 * must make a repeat harmless: store its effects keyed by the message id, or carry a stable
 * identifier (a Message-ID, the event id) that the receiving side recognises.
 */
export interface OutboxHandler {
  readonly name: string;
  readonly eventTypes: readonly string[];
  handle(message: OutboxMessage): Promise<void>;
}

export interface OutboxSettings {
  readonly retry: RetryPolicy;
  /** How long a claimed message stays invisible to other dispatchers; keep it above the slowest send. */
  readonly leaseMs: number;
  /** How long delivered messages are kept before they are deleted (LEADPORT_OUTBOX_RETENTION_DAYS). */
  readonly retentionMs: number;
}
