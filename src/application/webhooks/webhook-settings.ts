import type { RetrySchedule } from "../../domain/webhook/delivery.js";
import type { TargetPolicy } from "../../domain/webhook/target.js";

export interface WebhookSettings {
  readonly retry: RetrySchedule;
  /** A subscription failing without a single success this long is switched off and staff are told. */
  readonly disableAfterMs: number;
  /** An attempt in flight is out of sight this long; after a crash the delivery is due again. Above the send timeout. */
  readonly leaseMs: number;
  /** Deliveries sent together in one pass step (to different records or subscriptions). */
  readonly batchSize: number;
  readonly targets: TargetPolicy;
  /** Delivered and dead deliveries stay listed (and replayable) this long after their last attempt. */
  readonly keepFinishedMs: number;
}
