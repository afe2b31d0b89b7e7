import { z } from "zod";
import type { DomainEventType } from "../../domain/events.js";
import { decideOrder, newOrder, ORDER_STATUSES, type OrderDecision, type OrderFacts, type WebOrder } from "../../domain/order/order.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, type Result } from "../../domain/shared/result.js";
import { linkedCustomerId } from "../tickets/linked-customer.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { PagingInput } from "../shared/list-query.js";
import type { RecordServices } from "../tickets/tickets.js";
import { orderEventPayload } from "./order-view.js";

/** Puts a web order into the inbox, linked to the customer with its e-mail if there is one. */
export async function createOrderIn(tx: WorkspaceTransaction, services: RecordServices, facts: OrderFacts): Promise<Result<WebOrder, Failure>> {
  const order = newOrder(
    { id: services.ids.newId(), workspaceId: tx.workspaceId, customerId: await linkedCustomerId(tx, facts.email), now: services.clock.now() },
    facts,
  );
  if (!order.ok) return order;
  await tx.orders.insert(order.value);
  await tx.outbox.add(domainEvent(services.ids, services.clock, tx.workspaceId, "OrderReceived", order.value.id, orderEventPayload(order.value)));
  return order;
}

export const ListOrdersInput = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  customerId: z.string().max(64).optional(),
  ...PagingInput,
});

export type ListOrdersInput = z.input<typeof ListOrdersInput>;

export interface OrderPage {
  readonly items: readonly WebOrder[];
  readonly nextCursor: string | null;
}

const DECISION_EVENTS: Readonly<Record<OrderDecision, DomainEventType>> = { accepted: "OrderAccepted", rejected: "OrderRejected" };

export async function decideIn(tx: WorkspaceTransaction, services: RecordServices, orderId: string, decision: OrderDecision): Promise<Result<WebOrder, Failure>> {
  const order = await tx.orders.findById(orderId);
  if (!order) return err(notFound("order"));
  const decided = decideOrder(order, decision, services.clock.now());
  if (!decided.ok) return decided;
  await tx.orders.update(decided.value);
  await tx.outbox.add(domainEvent(services.ids, services.clock, tx.workspaceId, DECISION_EVENTS[decision], orderId, orderEventPayload(decided.value)));
  return decided;
}
