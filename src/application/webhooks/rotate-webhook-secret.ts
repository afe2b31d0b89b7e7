import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { rotateSecret, type WebhookSubscription } from "../../domain/webhook/subscription.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { newSigningSecret } from "./create-webhook.js";
import { DEFAULT_ROTATION_GRACE_HOURS, RotateSecretInput } from "./webhook-schemas.js";
import { WEBHOOKS } from "./webhook-store.js";

const HOUR_MS = 3_600_000;

/**
 * Issues a new signing secret, shown only in the answer. The replaced one keeps signing for the
 * grace period, so receivers can be switched over without refusing a single delivery.
 */
@injectable()
export class RotateWebhookSecret {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.Secrets) private readonly secrets: Secrets,
  ) {}

  async execute(workspaceId: string, webhookId: string, input: RotateSecretInput = {}): Promise<Result<WebhookSubscription, Failure>> {
    const parsed = parseInput(RotateSecretInput, input);
    if (!parsed.ok) return parsed;
    const graceHours = parsed.value.graceHours ?? DEFAULT_ROTATION_GRACE_HOURS;
    return this.uow.run(workspaceId, async (tx) => {
      const subscriptions = tx.use(WEBHOOKS).subscriptions;
      const current = await subscriptions.findById(webhookId);
      if (!current) return err(notFound(`webhook ${webhookId}`));
      const rotated = rotateSecret(current, newSigningSecret(this.secrets), this.clock.now(), graceHours * HOUR_MS);
      await subscriptions.update(rotated);
      await tx.outbox.add(
        domainEvent(this.ids, this.clock, workspaceId, "WebhookSecretRotated", rotated.id, {
          webhookId: rotated.id,
          graceHours,
          previousSecretExpiresAt: rotated.previousSecretExpiresAt,
        }),
      );
      return ok(rotated);
    });
  }
}
