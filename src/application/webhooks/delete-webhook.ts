import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { TOKENS } from "../tokens.js";
import { WEBHOOKS } from "./webhook-store.js";

/** Removes a subscription with its deliveries: nothing more is sent to it. */
@injectable()
export class DeleteWebhook {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, webhookId: string): Promise<Result<void, Failure>> {
    return this.uow.run(workspaceId, async (tx) => {
      const subscriptions = tx.use(WEBHOOKS).subscriptions;
      const current = await subscriptions.findById(webhookId);
      if (!current) return err(notFound(`webhook ${webhookId}`));
      await subscriptions.delete(current.id);
      await tx.outbox.add(domainEvent(this.ids, this.clock, workspaceId, "WebhookDeleted", current.id, { webhookId: current.id, url: current.url }));
      return ok(undefined);
    });
  }
}
