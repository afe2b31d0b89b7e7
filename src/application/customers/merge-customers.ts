import { inject, injectable } from "tsyringe";
import { z } from "zod";
import type { Customer } from "../../domain/customer/customer.js";
import { mergeCustomerDetails, wasMergedInto } from "../../domain/customer/merge.js";
import { addLogbookEntry } from "../../domain/inquiry/inquiry.js";
import { displayName } from "../../domain/customer/customer.js";
import { invalid, notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { exceedsBulkLimit, type BulkLimits } from "../shared/bulk-limits.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import type { CustomerRecord } from "./customer-queries.js";
import { customerFiles } from "./customer-files.js";

export const MergeCustomersInput = z.strictObject({
  from: z
    .array(z.string().min(1).max(64))
    // How many at most is a setting of the server (LEADPORT_MAX_BULK_ITEMS), checked in the use case.
    .min(1, "must name at least one customer to merge"),
});
export type MergeCustomersInput = z.input<typeof MergeCustomersInput>;

interface Moved {
  inquiryIds: string[];
  ticketIds: string[];
  orderIds: string[];
  attachmentCount: number;
}

/**
 * Merges duplicates into the customer kept: their inquiries (with their attachments), tickets and
 * orders are filed under it, its empty fields are filled from them, each moved inquiry's logbook
 * says so, and the merged customers are deleted — all in one transaction. Ids merged into this
 * customer before are skipped, so repeating a merge changes nothing; an id that is neither a
 * customer nor merged into this one fails the whole merge (404, naming it) before anything moves.
 */
@injectable()
export class MergeCustomers {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.BulkLimits) private readonly bulkLimits: BulkLimits,
  ) {}

  async execute(workspaceId: string, keepId: string, input: MergeCustomersInput): Promise<Result<CustomerRecord, Failure>> {
    const parsed = parseInput(MergeCustomersInput, input);
    if (!parsed.ok) return parsed;
    const from = parsed.value.from;
    const tooMany = exceedsBulkLimit("from", from.length, this.bulkLimits);
    if (tooMany) return err(tooMany);
    const self = from.indexOf(keepId);
    if (self >= 0) return err(invalid(`from.${self}`, "is the customer being kept; it cannot be merged into itself"));
    return this.uow.run(workspaceId, async (tx) => {
      const kept = await tx.customers.findById(keepId);
      if (!kept) return err(notFound("customer"));
      const others: Customer[] = [];
      const missing: Array<{ path: string; message: string }> = [];
      for (const [index, id] of [...new Set(from)].entries()) {
        if (wasMergedInto(kept, id)) continue;
        const other = await tx.customers.findById(id);
        if (other) others.push(other);
        else missing.push({ path: `from.${index}`, message: `no customer ${id} in this workspace` });
      }
      if (missing.length > 0) {
        return err({ code: "not_found", message: `customers to merge not found: ${missing.map((m) => m.message).join("; ")}`, issues: missing });
      }
      if (others.length > 0) await this.merge(tx, kept, others);
      const customer = (await tx.customers.findById(keepId))!;
      return ok({ customer, ...(await customerFiles(tx, keepId)) });
    });
  }

  private async merge(tx: WorkspaceTransaction, kept: Customer, others: readonly Customer[]): Promise<void> {
    const now = this.clock.now();
    const moved: Moved = { inquiryIds: [], ticketIds: [], orderIds: [], attachmentCount: 0 };
    for (const other of others) {
      const files = await customerFiles(tx, other.id);
      const note = `Customer ${other.id} (${displayName(other) || "no name"}) merged into customer ${kept.id}.`;
      for (const inquiry of files.inquiries) {
        const entry = { id: this.ids.newId(), at: now.toISOString(), author: null, text: note };
        await tx.inquiries.update({ ...addLogbookEntry(inquiry, entry), customerId: kept.id, updatedAt: now.toISOString() });
        moved.inquiryIds.push(inquiry.id);
        // Attachments hang on their inquiry and move with it.
        moved.attachmentCount += (await tx.attachments.listByInquiry(inquiry.id)).length;
      }
      for (const ticket of files.tickets) {
        await tx.tickets.update({ ...ticket, customerId: kept.id, updatedAt: now.toISOString() });
        moved.ticketIds.push(ticket.id);
      }
      for (const order of files.orders) {
        await tx.orders.update({ ...order, customerId: kept.id, updatedAt: now.toISOString() });
        moved.orderIds.push(order.id);
      }
      await tx.customers.delete(other.id);
    }
    await tx.customers.update(mergeCustomerDetails(kept, others, now));
    // Ids and counts only: the event outlives the merged records and must not copy personal data.
    await tx.outbox.add(
      domainEvent(this.ids, this.clock, tx.workspaceId, "CustomerMerged", kept.id, {
        customerId: kept.id,
        mergedCustomerIds: others.map((c) => c.id),
        ...moved,
      }),
    );
  }
}
