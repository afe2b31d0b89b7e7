import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { newSubscription, subscriptionIssues, type WebhookSubscription } from "../../domain/webhook/subscription.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput, validationFailure } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { CreateWebhookInput, toWebhookView } from "./webhook-schemas.js";
import type { WebhookSettings } from "./webhook-settings.js";
import { WEBHOOKS } from "./webhook-store.js";
import { WEBHOOK_TOKENS } from "./webhook-tokens.js";

/** The prefix tells a reader of a config file what kind of secret it holds. */
const SECRET_PREFIX = "whsec_";

export function newSigningSecret(secrets: Secrets): string {
  return `${SECRET_PREFIX}${secrets.newToken()}`;
}

/** Subscribes a URL to events; the answer is the only place its signing secret is ever shown. */
@injectable()
export class CreateWebhook {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.Secrets) private readonly secrets: Secrets,
    @inject(WEBHOOK_TOKENS.Settings) private readonly settings: WebhookSettings,
  ) {}

  async execute(workspaceId: string, input: CreateWebhookInput): Promise<Result<WebhookSubscription, Failure>> {
    const parsed = parseInput(CreateWebhookInput, input);
    if (!parsed.ok) return parsed;
    const subscription = newSubscription(
      { id: this.ids.newId(), workspaceId, secret: newSigningSecret(this.secrets), now: this.clock.now() },
      parsed.value,
    );
    const issues = subscriptionIssues(subscription, this.settings.targets);
    if (issues.length > 0) return err(validationFailure(issues));
    return this.uow.run(workspaceId, async (tx) => {
      await tx.use(WEBHOOKS).subscriptions.insert(subscription);
      await tx.outbox.add(domainEvent(this.ids, this.clock, workspaceId, "WebhookCreated", subscription.id, { webhook: toWebhookView(subscription) }));
      return ok(subscription);
    });
  }
}
