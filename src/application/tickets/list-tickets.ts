import { inject, injectable } from "tsyringe";
import { type Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { encodeCursor } from "../shared/cursor.js";
import { pageRequest } from "../shared/list-query.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { ListTicketsInput, type TicketPage } from "./tickets.js";

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
