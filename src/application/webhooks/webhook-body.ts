import { toCustomerView } from "../customers/customer-view.js";
import { toInquiryView } from "../inquiries/inquiry-view.js";
import { toOrderView } from "../orders/order-view.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";
import { toTicketView } from "../tickets/ticket-view.js";

/** What a receiver gets: the event, its workspace and the record as the API returns it. */
export interface WebhookBody {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly workspace: { readonly id: string; readonly name: string };
  readonly data: unknown;
  /** Update events: the fields that changed. */
  readonly changed?: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string";
}

/** The customer a record belongs to, by the id in its API shape: the customer itself, or its `customerId`. */
export function customerIdOf(eventName: string, recordId: string, data: unknown): string | null {
  if (eventName.startsWith("customer.")) return recordId;
  const customerId = typeof data === "object" && data !== null ? (data as { customerId?: unknown }).customerId : null;
  return typeof customerId === "string" ? customerId : null;
}

/** The fields an update event says changed, or null when it does not say. */
export function changedFieldsOf(message: OutboxMessage): readonly string[] | null {
  const changed = message.payload.changed;
  return Array.isArray(changed) && changed.every((field) => typeof field === "string") ? changed : null;
}

/**
 * The record of the event in its API shape. Inquiry and customer events carry that shape from the
 * moment they happened and it is used as it is; otherwise (tickets and orders carry a shorter
 * shape, and compact events only ids) the record is read in the same transaction. A record that
 * is gone (deleted, erased) leaves the event's own payload.
 */
export async function recordDataOf(tx: WorkspaceTransaction, eventName: string, message: OutboxMessage): Promise<unknown> {
  const payload = message.payload;
  switch (eventName.split(".")[0]) {
    case "inquiry": {
      if (isRecord(payload.inquiry)) return payload.inquiry;
      const inquiry = await tx.inquiries.findById(message.aggregateId);
      return inquiry ? toInquiryView(inquiry) : payload;
    }
    case "customer": {
      if (isRecord(payload.customer)) return payload.customer;
      const customer = await tx.customers.findById(message.aggregateId);
      return customer ? toCustomerView(customer) : payload;
    }
    case "ticket": {
      const ticket = await tx.tickets.findById(message.aggregateId);
      return ticket ? toTicketView(ticket) : (payload.ticket ?? payload);
    }
    case "order": {
      const order = await tx.orders.findById(message.aggregateId);
      return order ? toOrderView(order) : (payload.order ?? payload);
    }
    default:
      return payload;
  }
}
