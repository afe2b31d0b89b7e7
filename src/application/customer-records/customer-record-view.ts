import { z } from "zod";
import type { CustomerRecord } from "../customers/customer-queries.js";
import { CustomerViewSchema, toCustomerView } from "../customers/customer-view.js";
import { InquiryViewSchema, toInquiryView } from "../inquiries/inquiry-view.js";
import { OrderViewSchema, toOrderView } from "../orders/order-view.js";
import { TicketViewSchema, toTicketView } from "../tickets/ticket-view.js";

/*
 * A customer's record gathers what other features file under the customer, so it lives above
 * them: customers know nothing of inquiries, tickets or orders, and this folder knows them all.
 */

/** A customer's file: the customer with the inquiries, tickets and web orders filed under it. */
export const CustomerRecordViewSchema = CustomerViewSchema.extend({
  inquiries: z.array(InquiryViewSchema).readonly(),
  tickets: z.array(TicketViewSchema).readonly(),
  orders: z.array(OrderViewSchema).readonly(),
});
export type CustomerRecordView = z.output<typeof CustomerRecordViewSchema>;

export function toCustomerRecordView(record: CustomerRecord): CustomerRecordView {
  return {
    ...toCustomerView(record.customer),
    inquiries: record.inquiries.map(toInquiryView),
    tickets: record.tickets.map(toTicketView),
    orders: record.orders.map(toOrderView),
  };
}
