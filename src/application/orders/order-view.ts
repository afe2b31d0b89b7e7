import type { WebOrder } from "../../domain/order/order.js";
import { centsToEuros } from "../../domain/shared/money.js";

/** The public shape of a web order: the total in euros like every amount of the API. */
export interface OrderView {
  readonly id: string;
  readonly email: string;
  readonly subject: string | null;
  readonly message: string | null;
  readonly total: number;
  readonly status: WebOrder["status"];
  readonly customerId: string | null;
  readonly decidedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function toOrderView(order: WebOrder): OrderView {
  const { workspaceId: _internal, totalCents, ...rest } = order;
  return { ...rest, total: centsToEuros(totalCents) };
}

/** The event payload agreed with the notification side: `{ order: { id, email, subject, totalCents, customerId } }`. */
export function orderEventPayload(order: WebOrder): Record<string, unknown> {
  const { id, email, subject, totalCents, customerId } = order;
  return { order: { id, email, subject, totalCents, customerId } };
}
