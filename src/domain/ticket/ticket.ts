import { blankToNull } from "../customer/address.js";
import { conflict, invalid, type Failure } from "../shared/failure.js";
import { err, ok, type Result } from "../shared/result.js";
import { isEmail } from "../shared/text.js";

export const TICKET_STATUSES = ["open", "closed"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** The title a ticket gets when the sender gave none (the web-to-CRM endpoint's fallback). */
export const DEFAULT_TICKET_SUBJECT = "Anfrage Webseite";

/** A contact or support request from a website; filed under a customer only when the e-mail is known. */
export interface Ticket {
  readonly id: string;
  readonly workspaceId: string;
  readonly email: string;
  readonly subject: string;
  readonly message: string;
  /** The sender's name and phone when the form sent them, so staff can call back; null otherwise. */
  readonly name: string | null;
  readonly phone: string | null;
  readonly status: TicketStatus;
  /** The existing customer with this e-mail, or null: a ticket never creates a customer. */
  readonly customerId: string | null;
  readonly closedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface TicketFacts {
  readonly email: string;
  readonly subject?: string | null;
  readonly message: string;
  readonly name?: string | null;
  readonly phone?: string | null;
}

export interface NewRecordIdentity {
  readonly id: string;
  readonly workspaceId: string;
  readonly customerId: string | null;
  readonly now: Date;
}

/** Checks the sender's e-mail: trimmed, present and plausible. Shared by tickets and orders. */
export function senderEmail(email: string): Result<string, Failure> {
  const trimmed = email.trim();
  if (trimmed === "") return err(invalid("email", "is required"));
  if (!isEmail(trimmed)) return err(invalid("email", "is not a valid e-mail address"));
  return ok(trimmed);
}

export function newTicket(identity: NewRecordIdentity, facts: TicketFacts): Result<Ticket, Failure> {
  const email = senderEmail(facts.email);
  if (!email.ok) return email;
  const message = facts.message.trim();
  if (message === "") return err(invalid("message", "is required for a ticket"));
  const timestamp = identity.now.toISOString();
  return ok({
    id: identity.id,
    workspaceId: identity.workspaceId,
    email: email.value,
    subject: blankToNull(facts.subject) ?? DEFAULT_TICKET_SUBJECT,
    message,
    name: blankToNull(facts.name),
    phone: blankToNull(facts.phone),
    status: "open",
    customerId: identity.customerId,
    closedAt: null,
    createdAt: timestamp,
    updatedAt: timestamp,
  });
}

/** open → closed; closing a closed ticket is a conflict so a double click cannot look like two closings. */
export function closeTicket(ticket: Ticket, now: Date): Result<Ticket, Failure> {
  if (ticket.status !== "open") return err(conflict(`ticket ${ticket.id} is already ${ticket.status}`));
  const timestamp = now.toISOString();
  return ok({ ...ticket, status: "closed", closedAt: timestamp, updatedAt: timestamp });
}
