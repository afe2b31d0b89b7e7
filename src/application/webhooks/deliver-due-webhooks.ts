import { inject, injectable } from "tsyringe";
import { notificationMessageId } from "../../domain/notifications/notification.js";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import { isGone, isSuccess, recordAttempt, startAttempt, type AttemptOutcome, type WebhookDelivery } from "../../domain/webhook/delivery.js";
import { renderDisabledInAppNotice, renderDisabledNotice } from "../../domain/webhook/disabled-notice.js";
import { afterFailure, afterSuccess, disableSubscription, signingSecrets, type WebhookSubscription } from "../../domain/webhook/subscription.js";
import type { NotificationSettings } from "../notifications/notify-staff.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { Scheduler } from "../ports/scheduler.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { staffNoticeRequested } from "../notifications/staff-notice.js";
import { TOKENS } from "../tokens.js";
import type { WebhookSettings } from "./webhook-settings.js";
import { WEBHOOK_QUEUE, WEBHOOKS } from "./webhook-store.js";
import { WEBHOOK_TOKENS } from "./webhook-tokens.js";
import type { RandomSource, WebhookTransport } from "./webhook-transport.js";

export interface DeliveryPassReport {
  readonly delivered: number;
  /** Failed attempts that will be tried again. */
  readonly retrying: number;
  /** Deliveries whose retries ended with this attempt. */
  readonly dead: number;
  /** Subscriptions switched off in this pass (410 Gone or failing too long). */
  readonly disabled: number;
}

export interface DeliveryPassOptions {
  /** Checked between batches: the batch in flight is finished and recorded, then the pass ends. */
  readonly signal?: AbortSignal;
  /** Told of every failed attempt (the host logs it); never given the secret. */
  readonly onFailure?: (failure: { deliveryId: string; subscriptionId: string; eventType: string; attempt: number; final: boolean; error: string }) => void;
}

interface ClaimedDelivery {
  readonly delivery: WebhookDelivery;
  readonly subscription: WebhookSubscription;
}

/**
 * One pass of the delivery worker: sends every due delivery, a batch at a time, until none is due.
 * Each attempt is counted and leased before the request goes out, so a crash mid-send repeats it
 * after the lease (at-least-once; the event id marks the repeat). Results are recorded per
 * delivery, in the workspace's transaction, together with what they mean for the subscription.
 */
@injectable()
export class DeliverDueWebhooks {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.Scheduler) private readonly scheduler: Scheduler,
    @inject(TOKENS.NotificationSettings) private readonly notificationSettings: NotificationSettings,
    @inject(WEBHOOK_TOKENS.Transport) private readonly transport: WebhookTransport,
    @inject(WEBHOOK_TOKENS.Random) private readonly random: RandomSource,
    @inject(WEBHOOK_TOKENS.Settings) private readonly settings: WebhookSettings,
  ) {}

  async execute(options: DeliveryPassOptions = {}): Promise<Result<DeliveryPassReport, Failure>> {
    const report = { delivered: 0, retrying: 0, dead: 0, disabled: 0 };
    while (!options.signal?.aborted) {
      const batch = await this.claimDue();
      if (batch.length === 0) break;
      const outcomes = await Promise.all(batch.map((claimed) => this.send(claimed)));
      for (const [index, claimed] of batch.entries()) {
        const recorded = await this.record(claimed, outcomes[index]!);
        if (recorded.delivery.status === "delivered") report.delivered += 1;
        else {
          if (recorded.delivery.status === "dead") report.dead += 1;
          else report.retrying += 1;
          const outcome = outcomes[index]!;
          options.onFailure?.({
            deliveryId: claimed.delivery.id,
            subscriptionId: claimed.subscription.id,
            eventType: claimed.delivery.eventType,
            attempt: recorded.delivery.attempts,
            final: recorded.delivery.status === "dead",
            error: outcome.kind === "answered" ? `HTTP ${outcome.statusCode}` : outcome.error,
          });
        }
        if (recorded.disabled) report.disabled += 1;
      }
      await this.scheduler.yield();
    }
    return ok(report);
  }

  private async claimDue(): Promise<readonly ClaimedDelivery[]> {
    const claimed = await this.uow.runSystem(async (tx) => {
      const now = this.clock.now();
      const due = await tx.use(WEBHOOK_QUEUE).due(now.toISOString(), this.settings.batchSize);
      const batch: ClaimedDelivery[] = [];
      for (const delivery of due) {
        const store = tx.within(delivery.workspaceId).use(WEBHOOKS);
        const subscription = await store.subscriptions.findById(delivery.subscriptionId);
        if (!subscription) continue;
        const started = startAttempt(delivery, now, this.settings.leaseMs);
        await store.deliveries.update(started);
        batch.push({ delivery: started, subscription });
      }
      return ok(batch);
    });
    return claimed.ok ? claimed.value : [];
  }

  private send({ delivery, subscription }: ClaimedDelivery): Promise<AttemptOutcome> {
    const now = this.clock.now();
    return this.transport.send({
      url: subscription.url,
      body: delivery.body,
      eventId: delivery.eventId,
      eventType: delivery.eventType,
      deliveryId: delivery.id,
      secrets: signingSecrets(subscription, now),
      sentAt: now,
    });
  }

  private async record(claimed: ClaimedDelivery, outcome: AttemptOutcome): Promise<{ delivery: WebhookDelivery; disabled: boolean }> {
    const recorded = await this.uow.run(claimed.delivery.workspaceId, async (tx) => {
      const now = this.clock.now();
      const store = tx.use(WEBHOOKS);
      const delivery = recordAttempt(claimed.delivery, outcome, now, this.settings.retry, this.random.next());
      await store.deliveries.update(delivery);
      // Read again: a user may have changed or removed the subscription while the request was out.
      const subscription = await store.subscriptions.findById(claimed.subscription.id);
      if (!subscription) return ok({ delivery, disabled: false });
      if (isSuccess(outcome)) {
        const healthy = afterSuccess(subscription);
        if (healthy !== subscription) await store.subscriptions.update(healthy);
        return ok({ delivery, disabled: false });
      }
      const next = isGone(outcome) && subscription.active
        ? { subscription: disableSubscription(subscription, "the receiver answered 410 Gone", now), disabled: true }
        : afterFailure(subscription, now, this.settings.disableAfterMs);
      await store.subscriptions.update(next.subscription);
      if (next.disabled) await this.tellStaff(tx, next.subscription);
      return ok({ delivery, disabled: next.disabled });
    });
    return recorded.ok ? recorded.value : { delivery: claimed.delivery, disabled: false };
  }

  /** A WebhookDisabled event, a notice in the app to all staff and a mail to every one who takes mail, in the same transaction. */
  private async tellStaff(tx: WorkspaceTransaction, subscription: WebhookSubscription): Promise<void> {
    const reason = subscription.disabledReason ?? "disabled";
    const event = domainEvent(this.ids, this.clock, tx.workspaceId, "WebhookDisabled", subscription.id, { webhookId: subscription.id, url: subscription.url, reason });
    await tx.outbox.add(event);
    const locale = (await tx.workspaces.findById(tx.workspaceId))?.locale ?? "de";
    await tx.outbox.add(
      staffNoticeRequested({ ids: this.ids, clock: this.clock }, tx.workspaceId, subscription.id, "all_staff", {
        feature: "webhooks",
        topic: "subscription_disabled",
        ...renderDisabledInAppNotice(locale, subscription.url, reason),
        link: `/api/v1/webhooks/${encodeURIComponent(subscription.id)}`,
        severity: "warning",
      }),
    );
    for (const member of await tx.staff.list()) {
      if (!member.emailEnabled) continue;
      const notice = renderDisabledNotice(locale, member.name, subscription.url, reason);
      const mail = {
        messageId: notificationMessageId(event.id, member.id, this.notificationSettings.messageIdDomain),
        to: { name: member.name, address: member.email },
        ...notice,
      };
      await tx.outbox.add(domainEvent(this.ids, this.clock, tx.workspaceId, "StaffMailRequested", event.id, mail));
    }
  }
}
