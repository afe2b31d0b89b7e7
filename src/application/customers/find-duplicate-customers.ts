import { inject, injectable } from "tsyringe";
import type { Customer } from "../../domain/customer/customer.js";
import { findDuplicates, type DuplicateReason } from "../../domain/customer/duplicates.js";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import type { PageRequest } from "../ports/pagination.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

export interface DuplicateCandidates {
  readonly reasons: readonly DuplicateReason[];
  /** Oldest first. */
  readonly customers: readonly Customer[];
}

/** Lists customers that look like the same person, for staff to merge (see MergeCustomers). */
@injectable()
export class FindDuplicateCustomers {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string): Promise<Result<DuplicateCandidates[], Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const customers: Customer[] = [];
      let after: PageRequest["after"] = null;
      do {
        const page = await tx.customers.list({}, { limit: 500, after });
        customers.push(...page.items);
        after = page.next;
      } while (after);
      const byId = new Map(customers.map((c) => [c.id, c]));
      return ok(
        findDuplicates(customers).map((group) => ({
          reasons: group.reasons,
          customers: group.customerIds.map((id) => byId.get(id)!),
        })),
      );
    });
  }
}
