import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { WebhookSubscription } from "../../domain/webhook/subscription.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { WEBHOOKS } from "./webhook-store.js";

@injectable()
export class GetWebhook {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, webhookId: string): Promise<Result<WebhookSubscription, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const found = await tx.use(WEBHOOKS).subscriptions.findById(webhookId);
      return found ? ok(found) : err(notFound(`webhook ${webhookId}`));
    });
  }
}
