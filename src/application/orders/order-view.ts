import { z } from "zod";
import { ORDER_STATUSES, type WebOrder } from "../../domain/order/order.js";
import { centsToEuros } from "../../domain/shared/money.js";
import type { Assert, SameShape } from "../shared/view-schemas.js";
import { pageOf, TimestampSchema } from "../shared/view-schemas.js";

/** The public shape of a web order: the total in euros like every amount of the API. */
export const OrderViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  subject: z.string().nullable(),
  message: z.string().nullable(),
  total: z.number().describe("Gross total in euros."),
  status: z.enum(ORDER_STATUSES),
  customerId: z.string().nullable().describe("The customer with this e-mail, if one existed when the order arrived."),
  decidedAt: TimestampSchema.nullable().describe("When it was accepted or rejected."),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type OrderView = z.output<typeof OrderViewSchema>;
type _OrderViewIsTheOrderInEuros = Assert<
  SameShape<OrderView, Omit<WebOrder, "workspaceId" | "totalCents"> & { total: number }>
>;

export const OrderPageSchema = pageOf(OrderViewSchema);
export type OrderPageView = z.output<typeof OrderPageSchema>;

export function toOrderView(order: WebOrder): OrderView {
  const { workspaceId: _internal, totalCents, ...rest } = order;
  return { ...rest, total: centsToEuros(totalCents) };
}

/** The event payload agreed with the notification side: `{ order: { id, email, subject, totalCents, customerId } }`. */
export function orderEventPayload(order: WebOrder): Record<string, unknown> {
  const { id, email, subject, message, totalCents, customerId } = order;
  return { order: { id, email, subject, message, totalCents, customerId } };
}
