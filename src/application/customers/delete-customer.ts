import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { TOKENS } from "../tokens.js";
import { customerFiles } from "./customer-files.js";

/**
 * Deletes a customer nothing refers to any more. One with inquiries, tickets or orders is
 * refused with their counts: deleting it would orphan them, and erasing the person (Art. 17)
 * is a deliberate, separate act (EraseCustomer).
 */
@injectable()
export class DeleteCustomer {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, customerId: string): Promise<Result<void, Failure>> {
    return this.uow.run(workspaceId, async (tx) => {
      if (!(await tx.customers.findById(customerId))) return err(notFound("customer"));
      const files = await customerFiles(tx, customerId);
      const counts = { inquiries: files.inquiries.length, tickets: files.tickets.length, orders: files.orders.length };
      const referring = Object.entries(counts).filter(([, count]) => count > 0);
      if (referring.length > 0) {
        const list = referring.map(([what, count]) => `${count} ${count === 1 ? what.replace(/ies$/, "y").replace(/s$/, "") : what}`).join(", ");
        return err({
          code: "conflict",
          message: `customer is still referred to by ${list}; merge it into another customer or erase it (?erase=true)`,
          issues: referring.map(([what, count]) => ({ path: what, message: `${count} still refer to this customer` })),
        });
      }
      await tx.customers.delete(customerId);
      await tx.outbox.add(domainEvent(this.ids, this.clock, workspaceId, "CustomerDeleted", customerId, { customerId }));
      return ok(undefined);
    });
  }
}
