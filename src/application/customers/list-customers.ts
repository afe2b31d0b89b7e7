import { inject, injectable } from "tsyringe";
import { invalid, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { decodeCursor, encodeCursor } from "../shared/cursor.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { DEFAULT_PAGE_SIZE } from "../shared/list-query.js";
import { ListCustomersInput, type CustomerPage } from "./customer-queries.js";

@injectable()
export class ListCustomers {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, input: ListCustomersInput = {}): Promise<Result<CustomerPage, Failure>> {
    const parsed = parseInput(ListCustomersInput, input);
    if (!parsed.ok) return parsed;
    const after = decodeCursor(parsed.value.cursor);
    if (after === "invalid") return err(invalid("cursor", "is not a cursor returned by this API"));
    return this.uow.read(workspaceId, async (tx) => {
      const page = await tx.customers.list({ text: parsed.value.q }, { limit: parsed.value.limit ?? DEFAULT_PAGE_SIZE, after });
      return ok({ items: page.items, nextCursor: encodeCursor(page.next) });
    });
  }
}
