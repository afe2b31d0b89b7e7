import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { isSuccess, MAX_RESPONSE_EXCERPT } from "../../domain/webhook/delivery.js";
import { signingSecrets } from "../../domain/webhook/subscription.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import type { PingResult } from "./webhook-schemas.js";
import type { WebhookBody } from "./webhook-body.js";
import { WEBHOOKS } from "./webhook-store.js";
import { WEBHOOK_TOKENS } from "./webhook-tokens.js";
import type { WebhookTransport } from "./webhook-transport.js";

export const PING_EVENT = "webhook.ping";

/**
 * Sends one signed `webhook.ping` to a subscription now, active or not, and reports the answer.
 * Nothing is queued or retried: it is for checking a receiver's URL and signature code.
 */
@injectable()
export class PingWebhook {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(WEBHOOK_TOKENS.Transport) private readonly transport: WebhookTransport,
  ) {}

  async execute(workspaceId: string, webhookId: string): Promise<Result<PingResult, Failure>> {
    const found = await this.uow.read(workspaceId, async (tx) => {
      const subscription = await tx.use(WEBHOOKS).subscriptions.findById(webhookId);
      if (!subscription) return err(notFound(`webhook ${webhookId}`));
      const workspace = await tx.workspaces.findById(workspaceId);
      return ok({ subscription, workspaceName: workspace?.name ?? "" });
    });
    if (!found.ok) return found;
    const { subscription, workspaceName } = found.value;
    const now = this.clock.now();
    const body: WebhookBody = {
      id: this.ids.newId(),
      type: PING_EVENT,
      occurredAt: now.toISOString(),
      workspace: { id: workspaceId, name: workspaceName },
      data: { webhookId: subscription.id, url: subscription.url },
    };
    const outcome = await this.transport.send({
      url: subscription.url,
      body: JSON.stringify(body),
      eventId: body.id,
      eventType: PING_EVENT,
      deliveryId: body.id,
      secrets: signingSecrets(subscription, now),
      sentAt: now,
    });
    return ok({
      url: subscription.url,
      ok: isSuccess(outcome),
      statusCode: outcome.kind === "answered" ? outcome.statusCode : null,
      response: (outcome.kind === "answered" ? outcome.body : outcome.error).slice(0, MAX_RESPONSE_EXCERPT),
    });
  }
}
