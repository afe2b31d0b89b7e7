import { inject, injectable } from "tsyringe";
import { type Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import type { WebhookSubscription } from "../../domain/webhook/subscription.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { WEBHOOKS } from "./webhook-store.js";

@injectable()
export class ListWebhooks {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string): Promise<Result<readonly WebhookSubscription[], Failure>> {
    return this.uow.read(workspaceId, async (tx) => ok(await tx.use(WEBHOOKS).subscriptions.list()));
  }
}
