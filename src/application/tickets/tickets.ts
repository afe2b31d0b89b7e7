import { z } from "zod";
import { newTicket, TICKET_STATUSES, type Ticket, type TicketFacts } from "../../domain/ticket/ticket.js";
import { type Failure } from "../../domain/shared/failure.js";
import { type Result } from "../../domain/shared/result.js";
import { linkedCustomerId } from "./linked-customer.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { PagingInput } from "../shared/list-query.js";
import { ticketEventPayload } from "./ticket-view.js";

export interface RecordServices {
  readonly ids: IdGenerator;
  readonly clock: Clock;
}

/** Files a new ticket under the customer with its e-mail, if there is one, and records TicketCreated. */
export async function createTicketIn(tx: WorkspaceTransaction, services: RecordServices, facts: TicketFacts): Promise<Result<Ticket, Failure>> {
  const ticket = newTicket(
    { id: services.ids.newId(), workspaceId: tx.workspaceId, customerId: await linkedCustomerId(tx, facts.email), now: services.clock.now() },
    facts,
  );
  if (!ticket.ok) return ticket;
  await tx.tickets.insert(ticket.value);
  await tx.outbox.add(domainEvent(services.ids, services.clock, tx.workspaceId, "TicketCreated", ticket.value.id, ticketEventPayload(ticket.value)));
  return ticket;
}

export const ListTicketsInput = z.strictObject({
  status: z.enum(TICKET_STATUSES).optional(),
  customerId: z.string().max(64).optional(),
  ...PagingInput,
});

export type ListTicketsInput = z.input<typeof ListTicketsInput>;

export interface TicketPage {
  readonly items: readonly Ticket[];
  readonly nextCursor: string | null;
}
