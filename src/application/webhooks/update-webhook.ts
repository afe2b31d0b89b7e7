import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { changeSubscription, subscriptionIssues, type WebhookSubscription } from "../../domain/webhook/subscription.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput, validationFailure } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { UpdateWebhookInput, toWebhookView } from "./webhook-schemas.js";
import type { WebhookSettings } from "./webhook-settings.js";
import { WEBHOOKS } from "./webhook-store.js";
import { WEBHOOK_TOKENS } from "./webhook-tokens.js";

/** Changes the fields sent; switching a subscription on again resumes what is still pending. */
@injectable()
export class UpdateWebhook {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(WEBHOOK_TOKENS.Settings) private readonly settings: WebhookSettings,
  ) {}

  async execute(workspaceId: string, webhookId: string, input: UpdateWebhookInput): Promise<Result<WebhookSubscription, Failure>> {
    const parsed = parseInput(UpdateWebhookInput, input);
    if (!parsed.ok) return parsed;
    return this.uow.run(workspaceId, async (tx) => {
      const subscriptions = tx.use(WEBHOOKS).subscriptions;
      const current = await subscriptions.findById(webhookId);
      if (!current) return err(notFound(`webhook ${webhookId}`));
      const changed = changeSubscription(current, parsed.value, this.clock.now());
      const issues = subscriptionIssues(changed, this.settings.targets);
      if (issues.length > 0) return err(validationFailure(issues));
      await subscriptions.update(changed);
      // Switched on again (the receiver was fixed): what waited goes out now, with a full day of retries.
      if (changed.active && !current.active) await tx.use(WEBHOOKS).deliveries.resumePending(changed.id, this.clock.now().toISOString());
      await tx.outbox.add(domainEvent(this.ids, this.clock, workspaceId, "WebhookUpdated", changed.id, { webhook: toWebhookView(changed) }));
      return ok(changed);
    });
  }
}
