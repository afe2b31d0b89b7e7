import { inject, injectable } from "tsyringe";
import { z } from "zod";
import { closeTicket, newTicket, TICKET_STATUSES, type Ticket, type TicketFacts } from "../../domain/ticket/ticket.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { linkedCustomerId } from "../customers/linked-customer.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { encodeCursor } from "../shared/cursor.js";
import { domainEvent } from "../shared/events.js";
import { PagingInput, pageRequest } from "../shared/list-query.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
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

@injectable()
export class ListTickets {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, input: ListTicketsInput = {}): Promise<Result<TicketPage, Failure>> {
    const parsed = parseInput(ListTicketsInput, input);
    if (!parsed.ok) return parsed;
    const { limit, cursor, ...query } = parsed.value;
    const page = pageRequest({ limit, cursor });
    if (!page.ok) return page;
    return this.uow.read(workspaceId, async (tx) => {
      const found = await tx.tickets.list(query, page.value);
      return ok({ items: found.items, nextCursor: encodeCursor(found.next) });
    });
  }
}

@injectable()
export class GetTicket {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, ticketId: string): Promise<Result<Ticket, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const ticket = await tx.tickets.findById(ticketId);
      return ticket ? ok(ticket) : err(notFound("ticket"));
    });
  }
}

@injectable()
export class CloseTicket {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, ticketId: string): Promise<Result<Ticket, Failure>> {
    return this.uow.run(workspaceId, async (tx) => {
      const ticket = await tx.tickets.findById(ticketId);
      if (!ticket) return err(notFound("ticket"));
      const closed = closeTicket(ticket, this.clock.now());
      if (!closed.ok) return closed;
      await tx.tickets.update(closed.value);
      await tx.outbox.add(domainEvent(this.ids, this.clock, workspaceId, "TicketClosed", ticketId, ticketEventPayload(closed.value)));
      return closed;
    });
  }
}
