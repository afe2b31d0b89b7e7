import type { Attachment } from "../../domain/attachment/attachment.js";
import type { Customer } from "../../domain/customer/customer.js";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import { notificationMessageId, type Notification } from "../../domain/notifications/notification.js";
import type { WebOrder } from "../../domain/order/order.js";
import type { Ticket } from "../../domain/ticket/ticket.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { PersonalDataSections } from "../ports/personal-data-section.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";
import { customerFiles } from "./customer-files.js";

/** Everything held about one person in a workspace: what an export shows and an erasure removes. */
export interface PersonalData {
  readonly customer: Customer;
  readonly inquiries: readonly Inquiry[];
  readonly attachments: readonly Attachment[];
  readonly tickets: readonly Ticket[];
  readonly orders: readonly WebOrder[];
  readonly notifications: readonly Notification[];
  /** Outbox events about them (any status), the staff mails they caused included; oldest first. */
  readonly events: readonly OutboxMessage[];
  /** Message-IDs of staff mails about them, whose stored copies (.eml) go with an erasure. */
  readonly mailMessageIds: readonly string[];
  /** What each feature holds about them, by section name; features holding nothing are left out. */
  readonly sections: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const byId = <T extends { id: string }>(items: readonly T[]): T[] => [...new Map(items.map((item) => [item.id, item])).values()];

/**
 * Follows the recorded references outward from the customer: records filed under it (and under
 * customers merged into it), tickets and orders sent from its e-mail before it existed, the
 * outbox events about any of these, the notifications those events raised, the mail events
 * those notifications raised and the Message-IDs of the mails.
 */
export async function gatherPersonalData(
  tx: WorkspaceTransaction,
  customer: Customer,
  messageIdDomain: string,
  features: PersonalDataSections,
): Promise<PersonalData> {
  const files = await customerFiles(tx, customer.id);
  const unfiledTickets = customer.emailKey ? await tx.personalData.unfiledTicketsFrom(customer.emailKey) : [];
  const unfiledOrders = customer.emailKey ? await tx.personalData.unfiledOrdersFrom(customer.emailKey) : [];
  const tickets = byId([...files.tickets, ...unfiledTickets]);
  const orders = byId([...files.orders, ...unfiledOrders]);
  const attachments: Attachment[] = [];
  for (const inquiry of files.inquiries) attachments.push(...(await tx.attachments.listByInquiry(inquiry.id)));

  const customerIds = [customer.id, ...(customer.mergedFrom ?? [])];
  const recordIds = [...customerIds, ...files.inquiries.map((i) => i.id), ...tickets.map((t) => t.id), ...orders.map((o) => o.id)];
  const recordEvents = await tx.personalData.outboxEventsAbout(recordIds, customerIds);
  const notifications = await tx.personalData.notificationsAbout(
    recordEvents.map((e) => e.id),
    recordIds.filter((id) => !customerIds.includes(id)),
  );
  const mailEvents = await tx.personalData.outboxEventsAbout(
    notifications.map((n) => n.id),
    [],
  );
  const events = byId([...recordEvents, ...mailEvents]).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));
  const mailMessageIds = new Set(notifications.map((n) => notificationMessageId(n.eventId, n.staffId, messageIdDomain)));
  for (const event of mailEvents) {
    const messageId = event.payload["messageId"];
    if (typeof messageId === "string") mailMessageIds.add(messageId);
  }
  const sections: Record<string, Readonly<Record<string, unknown>>> = {};
  for (const feature of features) {
    const section = await feature.gather(tx, customer);
    if (section !== null) sections[feature.name] = section;
  }
  return {
    customer,
    inquiries: files.inquiries,
    attachments,
    tickets,
    orders,
    notifications,
    events,
    mailMessageIds: [...mailMessageIds],
    sections,
  };
}
