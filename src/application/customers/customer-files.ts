import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import type { WebOrder } from "../../domain/order/order.js";
import type { Ticket } from "../../domain/ticket/ticket.js";
import type { Page, PageRequest } from "../ports/pagination.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";

/** Everything filed under one customer: what a delete must not orphan and a merge must move. */
export interface CustomerFiles {
  readonly inquiries: readonly Inquiry[];
  readonly tickets: readonly Ticket[];
  readonly orders: readonly WebOrder[];
}

const BATCH = 200;

/** Walks every page of a listing; a customer's file is small enough to hold at once. */
async function everything<T>(list: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let after: PageRequest["after"] = null;
  do {
    const page = await list({ limit: BATCH, after });
    items.push(...page.items);
    after = page.next;
  } while (after);
  return items;
}

export async function customerFiles(tx: WorkspaceTransaction, customerId: string): Promise<CustomerFiles> {
  return {
    inquiries: await everything((page) => tx.inquiries.list({ customerId }, page)),
    tickets: await everything((page) => tx.tickets.list({ customerId }, page)),
    orders: await everything((page) => tx.orders.list({ customerId }, page)),
  };
}
