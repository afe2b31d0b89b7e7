import { z } from "zod";
import type { Customer } from "../../domain/customer/customer.js";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import type { WebOrder } from "../../domain/order/order.js";
import type { Ticket } from "../../domain/ticket/ticket.js";
import { MAX_PAGE_SIZE } from "../shared/list-query.js";

export const ListCustomersInput = z.strictObject({
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`).optional(),
  cursor: z.string().max(500).optional(),
});

export type ListCustomersInput = z.input<typeof ListCustomersInput>;

export interface CustomerPage {
  readonly items: readonly Customer[];
  readonly nextCursor: string | null;
}

/** A customer's file: the customer and everything filed under it. */
export interface CustomerRecord {
  readonly customer: Customer;
  readonly inquiries: readonly Inquiry[];
  readonly tickets: readonly Ticket[];
  readonly orders: readonly WebOrder[];
}

/** The most inquiries (tickets, orders) a customer's file lists; older ones are reached through the listings. */
export const INQUIRIES_PER_CUSTOMER = MAX_PAGE_SIZE;
