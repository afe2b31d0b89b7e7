import { inject, injectable } from "tsyringe";
import { z } from "zod";
import type { Customer } from "../../domain/customer/customer.js";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import type { WebOrder } from "../../domain/order/order.js";
import type { Ticket } from "../../domain/ticket/ticket.js";
import { invalid, notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { decodeCursor, encodeCursor } from "../shared/cursor.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { MAX_PAGE_SIZE } from "../inquiries/inquiry-schemas.js";
import { DEFAULT_PAGE_SIZE } from "../inquiries/list-inquiries.js";

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
const INQUIRIES_PER_CUSTOMER = MAX_PAGE_SIZE;

@injectable()
export class GetCustomer {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, customerId: string): Promise<Result<CustomerRecord, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const customer = await tx.customers.findById(customerId);
      if (!customer) return err(notFound("customer"));
      const inquiries = await tx.inquiries.list({ customerId }, { limit: INQUIRIES_PER_CUSTOMER, after: null });
      const tickets = await tx.tickets.list({ customerId }, { limit: INQUIRIES_PER_CUSTOMER, after: null });
      const orders = await tx.orders.list({ customerId }, { limit: INQUIRIES_PER_CUSTOMER, after: null });
      return ok({ customer, inquiries: inquiries.items, tickets: tickets.items, orders: orders.items });
    });
  }
}

@injectable()
export class ListCustomers {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, input: ListCustomersInput = {}): Promise<Result<CustomerPage, Failure>> {
    const parsed = parseInput(ListCustomersInput, input);
    if (!parsed.ok) return parsed;
    const after = decodeCursor(parsed.value.cursor);
    if (after === "invalid") return err(invalid("cursor", "is not a cursor returned by this API"));
    return this.uow.read(workspaceId, async (tx) => {
      const page = await tx.customers.list({ text: parsed.value.q }, { limit: parsed.value.limit ?? DEFAULT_PAGE_SIZE, after });
      return ok({ items: page.items, nextCursor: encodeCursor(page.next) });
    });
  }
}
