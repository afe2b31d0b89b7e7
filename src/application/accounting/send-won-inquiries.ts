import { inject, injectable } from "tsyringe";
import { z } from "zod";
import { newAccountingSync, type AccountingConnection } from "../../domain/accounting/accounting-sync.js";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import { isCalendarDate } from "../../domain/shared/dates.js";
import { conflict, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { PagePosition } from "../ports/pagination.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import type { BulkLimits } from "../shared/bulk-limits.js";
import { domainEvent } from "../shared/events.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { ACCOUNTING } from "./accounting-store.js";
import { draftOfInquiry } from "./draft-of-inquiry.js";

export const SendWonInquiriesInput = z.strictObject({
  since: z.string().refine(isCalendarDate, "must be a date as YYYY-MM-DD"),
});
export type SendWonInquiriesInput = z.input<typeof SendWonInquiriesInput>;

export const SentWonInquiriesSchema = z.object({
  since: z.string().describe("The date asked for: inquiries won on or after it (UTC)."),
  queued: z.number().int().describe("How many quote drafts were queued; inquiries with a draft record already are left as they are."),
});
export type SentWonInquiries = z.output<typeof SentWonInquiriesSchema>;

/** Inquiries per transaction: small enough that a large workspace never holds the write lock long. */
const BATCH_SIZE = 100;

/**
 * Queues the quote drafts of inquiries won since a date that have none yet, e.g. those won before
 * the workspace connected its accounting system. Each is given its pending sync record and an
 * `AccountingSendRequested` event in the same transaction, so the outbox sends it like every other
 * draft and a second run finds the record and queues nothing again. Inquiries are read page by
 * page, one transaction per page.
 */
@injectable()
export class SendWonInquiries {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.BulkLimits) private readonly limits: BulkLimits,
  ) {}

  async execute(workspaceId: string, input: SendWonInquiriesInput): Promise<Result<SentWonInquiries, Failure>> {
    const parsed = parseInput(SendWonInquiriesInput, input);
    if (!parsed.ok) return parsed;
    const { since } = parsed.value;
    const setup = await this.uow.read(workspaceId, async (tx) =>
      ok({ connection: await tx.use(ACCOUNTING).findConnection(), wonStatuses: (await tx.catalog.list("status")).filter((status) => status.isWon) }),
    );
    if (!setup.ok) return setup;
    const { connection, wonStatuses } = setup.value;
    if (!connection) return err(conflict("Accounting is not connected: connect it first with `leadport accounting connect`"));
    const wonSince = Date.parse(`${since}T00:00:00Z`);
    const batchSize = Math.max(1, Math.min(BATCH_SIZE, this.limits.maxItems));
    let queued = 0;
    for (const status of wonStatuses) {
      let after: PagePosition | null = null;
      do {
        const batch: Result<{ queued: number; next: PagePosition | null }, Failure> = await this.uow.run(workspaceId, async (tx) => {
          const page = await tx.inquiries.list({ status: status.name }, { limit: batchSize, after });
          let count = 0;
          for (const inquiry of page.items) {
            if (inquiry.wonAt === null || Date.parse(inquiry.wonAt) < wonSince) continue;
            if (await this.queue(tx, inquiry, connection)) count += 1;
          }
          return ok({ queued: count, next: page.next });
        });
        if (!batch.ok) return batch;
        queued += batch.value.queued;
        after = batch.value.next;
      } while (after !== null);
    }
    return ok({ since, queued });
  }

  /** False when the inquiry has a sync record already (sent, refused or queued) or no customer. */
  private async queue(tx: WorkspaceTransaction, inquiry: Inquiry, connection: AccountingConnection): Promise<boolean> {
    const store = tx.use(ACCOUNTING);
    if (await store.findSync(inquiry.id)) return false;
    const built = await draftOfInquiry(tx, inquiry, connection);
    if (!built) return false;
    await store.saveSync(newAccountingSync(built.draft, { workspaceId: tx.workspaceId, customerId: built.customerId, provider: connection.provider }, this.clock.now()));
    await tx.outbox.add(domainEvent(this.ids, this.clock, tx.workspaceId, "AccountingSendRequested", inquiry.id, { trigger: "backfill" }));
    return true;
  }
}
