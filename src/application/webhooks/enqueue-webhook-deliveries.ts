import { inject, injectable } from "tsyringe";
import { ok } from "../../domain/shared/result.js";
import { deliveryPosition, type WebhookDelivery } from "../../domain/webhook/delivery.js";
import { matchesEventFilter, passesFieldFilter } from "../../domain/webhook/event-filter.js";
import type { WebhookSubscription } from "../../domain/webhook/subscription.js";
import { publicEventName } from "../../domain/webhook/webhook-events.js";
import { EVERY_EVENT_TYPE } from "../outbox/dispatch-outbox.js";
import type { OutboxHandler } from "../outbox/outbox-handler.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { changedFieldsOf, customerIdOf, recordDataOf, type WebhookBody } from "./webhook-body.js";
import { WEBHOOKS } from "./webhook-store.js";

/**
 * The outbox side of webhooks: queues one delivery per matching subscription, in one short
 * transaction, and sends nothing itself — the delivery worker does, on its own retry schedule, so
 * a slow or failing receiver never holds up the outbox or staff mail. A redelivered event adds
 * nothing: a subscription has at most one delivery per event.
 */
@injectable()
export class EnqueueWebhookDeliveries implements OutboxHandler {
  readonly name = "webhooks.enqueue";
  readonly eventTypes = [EVERY_EVENT_TYPE];

  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async handle(message: OutboxMessage): Promise<void> {
    const eventName = publicEventName(message.type);
    if (eventName === null) return;
    const changed = changedFieldsOf(message);
    const subscribersOf = (subscriptions: readonly WebhookSubscription[]) =>
      subscriptions.filter(
        (subscription) => subscription.active && matchesEventFilter(subscription.events, eventName) && passesFieldFilter(subscription.fields, changed),
      );
    const erasure = message.type === "CustomerErased";
    // Most events of most workspaces match no subscription: finding that out takes no write lock.
    const interested = await this.uow.read(message.workspaceId, async (tx) => ok(subscribersOf(await tx.use(WEBHOOKS).subscriptions.list()).length > 0));
    if (interested.ok && !interested.value && !erasure) return;
    await this.uow.run(message.workspaceId, async (tx) => {
      const store = tx.use(WEBHOOKS);
      // The erasure removed the deliveries naming the person in its own transaction
      // (webhookPersonalData). Once more here: an event about them that was being handled while
      // the erasure ran may have queued one after it committed. What was sent is the receiver's.
      if (erasure) await store.deliveries.deleteForCustomer(message.aggregateId);
      const subscribers = subscribersOf(await store.subscriptions.list());
      if (subscribers.length === 0) return ok(0);
      const workspace = await tx.workspaces.findById(tx.workspaceId);
      if (!workspace) return ok(0);
      const body: WebhookBody = {
        id: message.id,
        type: eventName,
        occurredAt: message.occurredAt,
        workspace: { id: workspace.id, name: workspace.name },
        data: await recordDataOf(tx, eventName, message),
        ...(changed ? { changed } : {}),
      };
      const text = JSON.stringify(body);
      const customerId = customerIdOf(eventName, message.aggregateId, body.data);
      const now = this.clock.now().toISOString();
      let queued = 0;
      for (const subscription of subscribers) {
        const delivery: WebhookDelivery = {
          id: this.ids.newId(),
          workspaceId: tx.workspaceId,
          subscriptionId: subscription.id,
          eventId: message.id,
          eventType: eventName,
          recordId: message.aggregateId,
          customerId,
          position: deliveryPosition(message.occurredAt, message.id),
          body: text,
          status: "pending",
          attempts: 0,
          nextAttemptAt: now,
          roundStartedAt: now,
          lastAttemptAt: null,
          lastStatusCode: null,
          lastResponse: null,
          deliveredAt: null,
          createdAt: now,
        };
        if (await store.deliveries.insertOnce(delivery)) queued += 1;
      }
      return ok(queued);
    });
  }
}
