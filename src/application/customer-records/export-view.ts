import { z } from "zod";
import { AttachmentViewSchema, toAttachmentView } from "../attachments/attachment-view.js";
import { InquiryViewSchema, toInquiryView } from "../inquiries/inquiry-view.js";
import { NotificationViewSchema, toNotificationView } from "../notifications/notification-use-cases.js";
import { OrderViewSchema, toOrderView } from "../orders/order-view.js";
import { TimestampSchema } from "../shared/view-schemas.js";
import { TicketViewSchema, toTicketView } from "../tickets/ticket-view.js";
import { CustomerViewSchema, toCustomerView } from "../customers/customer-view.js";
import type { PersonalData } from "../customers/personal-data.js";

const OutboxEventViewSchema = z.object({
  id: z.string(),
  type: z.string(),
  aggregateId: z.string(),
  occurredAt: TimestampSchema,
  status: z.enum(["pending", "done", "failed"]),
  processedAt: TimestampSchema.nullable(),
  payload: z.record(z.string(), z.unknown()),
});

const MailViewSchema = z.object({
  messageId: z.string(),
  to: z.object({ name: z.string(), address: z.string() }),
  subject: z.string(),
  text: z.string(),
  status: z.enum(["pending", "done", "failed"]).describe("done: sent (or stored as .eml)"),
});

/** Everything held about one person (Art. 15 and 20 GDPR), as one machine-readable document. */
export const PersonalDataExportSchema = z.object({
  exportedAt: TimestampSchema,
  workspaceId: z.string(),
  customer: CustomerViewSchema.extend({ mergedFrom: z.array(z.string()).readonly().describe("Ids of customers merged into this one.") }),
  inquiries: z.array(InquiryViewSchema).readonly().describe("With their logbooks."),
  attachments: z.array(AttachmentViewSchema).readonly().describe("Metadata; the files come with `leadport customers export --with-files`."),
  tickets: z.array(TicketViewSchema).readonly(),
  orders: z.array(OrderViewSchema).readonly(),
  notifications: z.array(NotificationViewSchema).readonly().describe("In-app notifications to staff about them."),
  mails: z.array(MailViewSchema).readonly().describe("Staff mails about them."),
  outboxEvents: z.array(OutboxEventViewSchema).readonly().describe("Recorded events about them, delivered or not."),
  sections: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .describe(
      "What each feature holds about them, by feature: `surveys` (invitations with their mail log, answers, participant-list entries), " +
        "`accounting` (quote drafts sent or waiting). A feature holding nothing is left out.",
    ),
});
export type PersonalDataExport = z.output<typeof PersonalDataExportSchema>;

export function toPersonalDataExport(data: PersonalData, exportedAt: Date): PersonalDataExport {
  const mails = data.events.flatMap((event) => {
    const parsed = MailViewSchema.omit({ status: true }).safeParse(event.payload);
    return event.type === "StaffMailRequested" && parsed.success ? [{ ...parsed.data, status: event.status }] : [];
  });
  return {
    exportedAt: exportedAt.toISOString(),
    workspaceId: data.customer.workspaceId,
    customer: { ...toCustomerView(data.customer), mergedFrom: data.customer.mergedFrom ?? [] },
    inquiries: data.inquiries.map(toInquiryView),
    attachments: data.attachments.map(toAttachmentView),
    tickets: data.tickets.map(toTicketView),
    orders: data.orders.map(toOrderView),
    notifications: data.notifications.map(toNotificationView),
    mails,
    outboxEvents: data.events.map((event) => ({
      id: event.id,
      type: event.type,
      aggregateId: event.aggregateId,
      occurredAt: event.occurredAt,
      status: event.status,
      processedAt: event.processedAt,
      payload: { ...event.payload },
    })),
    sections: { ...data.sections },
  };
}
