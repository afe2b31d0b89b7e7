import { inject, injectable } from "tsyringe";
import { invalid, notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { WebhookDelivery } from "../../domain/webhook/delivery.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { decodeCursor, encodeCursor } from "../shared/cursor.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { ListDeliveriesInput } from "./webhook-schemas.js";
import { WEBHOOKS, type DeliveryKey } from "./webhook-store.js";

const DEFAULT_DELIVERY_LIMIT = 50;

export interface DeliveryPage {
  readonly items: readonly WebhookDelivery[];
  /** Where the next page starts; null on the last page. */
  readonly nextCursor: string | null;
}

/*
 * The cursor is the shared opaque format (base64url of a two-part keyset position). Deliveries
 * are ordered by their position (the event's time, then its id) and their own id, so those two
 * take the places of the creation time and id of the other listings.
 */
const cursorOf = (delivery: DeliveryKey) => encodeCursor({ createdAt: delivery.position, id: delivery.id });

function keyOf(cursor: string | undefined): DeliveryKey | null | "invalid" {
  const position = decodeCursor(cursor);
  if (position === null || position === "invalid") return position;
  return position.sort === undefined ? { position: position.createdAt, id: position.id } : "invalid";
}

/** A subscription's deliveries, newest event first, a page at a time: what was sent, what failed and when it is tried again. */
@injectable()
export class ListWebhookDeliveries {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, webhookId: string, input: ListDeliveriesInput = {}): Promise<Result<DeliveryPage, Failure>> {
    const parsed = parseInput(ListDeliveriesInput, input);
    if (!parsed.ok) return parsed;
    const after = keyOf(parsed.value.cursor);
    if (after === "invalid") return err(invalid("cursor", "is not a cursor returned by this API"));
    const limit = parsed.value.limit ?? DEFAULT_DELIVERY_LIMIT;
    return this.uow.read(workspaceId, async (tx) => {
      const store = tx.use(WEBHOOKS);
      if (!(await store.subscriptions.findById(webhookId))) return err(notFound(`webhook ${webhookId}`));
      // One more than asked for says whether another page follows.
      const found = await store.deliveries.list(webhookId, { status: parsed.value.status, limit: limit + 1, after });
      const items = found.slice(0, limit);
      const last = items.at(-1);
      return ok({ items, nextCursor: found.length > limit && last ? cursorOf(last) : null });
    });
  }
}
