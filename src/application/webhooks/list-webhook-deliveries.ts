import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { WebhookDelivery } from "../../domain/webhook/delivery.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { ListDeliveriesInput } from "./webhook-schemas.js";
import { WEBHOOKS } from "./webhook-store.js";

const DEFAULT_DELIVERY_LIMIT = 50;

/** A subscription's deliveries, newest event first: what was sent, what failed and when it is tried again. */
@injectable()
export class ListWebhookDeliveries {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, webhookId: string, input: ListDeliveriesInput = {}): Promise<Result<readonly WebhookDelivery[], Failure>> {
    const parsed = parseInput(ListDeliveriesInput, input);
    if (!parsed.ok) return parsed;
    return this.uow.read(workspaceId, async (tx) => {
      const store = tx.use(WEBHOOKS);
      if (!(await store.subscriptions.findById(webhookId))) return err(notFound(`webhook ${webhookId}`));
      return ok(await store.deliveries.list(webhookId, { status: parsed.value.status, limit: parsed.value.limit ?? DEFAULT_DELIVERY_LIMIT }));
    });
  }
}
