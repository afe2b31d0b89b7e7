import { inject, injectable } from "tsyringe";
import { closeTicket, type Ticket } from "../../domain/ticket/ticket.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { TOKENS } from "../tokens.js";
import { ticketEventPayload } from "./ticket-view.js";

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
