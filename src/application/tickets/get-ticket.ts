import { inject, injectable } from "tsyringe";
import { type Ticket } from "../../domain/ticket/ticket.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

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
