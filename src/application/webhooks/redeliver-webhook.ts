import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { redeliver, type WebhookDelivery } from "../../domain/webhook/delivery.js";
import type { Clock } from "../ports/clock.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { WEBHOOKS } from "./webhook-store.js";

/**
 * Sends a delivery again by hand (a dead letter, or one delivered that the receiver lost), with
 * the same body and event id and a new round of retries. It takes its place in the record's order
 * again: later events of the same record wait until it is through.
 */
@injectable()
export class RedeliverWebhookDelivery {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute(workspaceId: string, webhookId: string, deliveryId: string): Promise<Result<WebhookDelivery, Failure>> {
    return this.uow.run(workspaceId, async (tx) => {
      const store = tx.use(WEBHOOKS);
      if (!(await store.subscriptions.findById(webhookId))) return err(notFound(`webhook ${webhookId}`));
      const delivery = await store.deliveries.findById(webhookId, deliveryId);
      if (!delivery) return err(notFound(`delivery ${deliveryId}`));
      const again = redeliver(delivery, this.clock.now());
      await store.deliveries.update(again);
      return ok(again);
    });
  }
}
