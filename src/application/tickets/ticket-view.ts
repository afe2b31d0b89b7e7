import type { Ticket } from "../../domain/ticket/ticket.js";

/** The public shape of a ticket, identical on every channel. */
export interface TicketView {
  readonly id: string;
  readonly email: string;
  readonly subject: string;
  readonly message: string;
  readonly status: Ticket["status"];
  readonly customerId: string | null;
  readonly closedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function toTicketView(ticket: Ticket): TicketView {
  const { workspaceId: _internal, ...view } = ticket;
  return view;
}

/** The event payload agreed with the notification side: `{ ticket: { id, email, subject, message, customerId } }`. */
export function ticketEventPayload(ticket: Ticket): Record<string, unknown> {
  const { id, email, subject, message, customerId } = ticket;
  return { ticket: { id, email, subject, message, customerId } };
}
