import { z } from "zod";
import { TICKET_STATUSES, type Ticket } from "../../domain/ticket/ticket.js";
import type { Assert, SameShape } from "../shared/view-schemas.js";
import { pageOf, TimestampSchema } from "../shared/view-schemas.js";

/** The public shape of a ticket, identical on every channel. */
export const TicketViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  subject: z.string(),
  message: z.string(),
  name: z.string().nullable().describe("The sender's name, when the form sent one."),
  phone: z.string().nullable().describe("The sender's phone number, when the form sent one."),
  status: z.enum(TICKET_STATUSES),
  customerId: z.string().nullable().describe("The customer with this e-mail, if one existed when the ticket arrived."),
  closedAt: TimestampSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type TicketView = z.output<typeof TicketViewSchema>;
type _TicketViewIsTheTicketWithoutWorkspace = Assert<SameShape<TicketView, Omit<Ticket, "workspaceId">>>;

export const TicketPageSchema = pageOf(TicketViewSchema);
export type TicketPageView = z.output<typeof TicketPageSchema>;

export function toTicketView(ticket: Ticket): TicketView {
  const { workspaceId: _internal, ...view } = ticket;
  // Tickets stored before name and phone existed have neither key in their record.
  return { ...view, name: ticket.name ?? null, phone: ticket.phone ?? null };
}

/** The event payload agreed with the notification side: `{ ticket: { id, email, subject, message, customerId } }`. */
export function ticketEventPayload(ticket: Ticket): Record<string, unknown> {
  const { id, email, subject, message, customerId } = ticket;
  return { ticket: { id, email, subject, message, customerId, name: ticket.name ?? null, phone: ticket.phone ?? null } };
}
