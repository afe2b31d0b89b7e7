import { sameValue } from "../../domain/shared/same-value.js";
import { inject, injectable } from "tsyringe";
import { z } from "zod";
import { finalizeInquiry, type Inquiry } from "../../domain/inquiry/inquiry.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Workspace } from "../../domain/workspace/workspace.js";
import { resolveCatalogEntry } from "./resolve-catalog-entry.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { PagePosition } from "../ports/pagination.js";
import type { Scheduler } from "../ports/scheduler.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { TOKENS } from "../tokens.js";
import { toInquiryView } from "./inquiry-view.js";
import { scoringContextOf, type InquiryServices } from "./save-inquiry.js";

export const RescoreSummarySchema = z.object({
  scanned: z.number().int().describe("Inquiries looked at."),
  changed: z.number().int().describe("Inquiries whose score or reasons changed and were saved."),
});
export type RescoreSummary = z.output<typeof RescoreSummarySchema>;

/** Small enough that one batch's transaction stays within a few milliseconds of other requests' way. */
export const DEFAULT_RESCORE_BATCH_SIZE = 50;

/** What a rescore changes; the notification rules see it as no new assignee, so staff are not notified. */
export const RESCORED_FIELDS = ["leadScore", "leadScoreReasons"] as const;

/** Scores a stored inquiry again; saves it and records InquiryUpdated only when score or reasons differ. */
async function rescoreInquiry(tx: WorkspaceTransaction, services: InquiryServices, workspace: Workspace, inquiry: Inquiry): Promise<boolean> {
  const now = services.clock.now();
  const status = await resolveCatalogEntry(tx, services.ids, "status", inquiry.status, now);
  const source = await resolveCatalogEntry(tx, services.ids, "source", inquiry.source, now);
  const scored = finalizeInquiry(inquiry, status, source, scoringContextOf(workspace, now));
  if (scored.leadScore === inquiry.leadScore && sameValue(scored.leadScoreReasons, inquiry.leadScoreReasons)) {
    return false;
  }
  // Only the score is taken over: a rescore must not touch anything a person entered.
  const updated: Inquiry = { ...inquiry, leadScore: scored.leadScore, leadScoreReasons: scored.leadScoreReasons, updatedAt: now.toISOString() };
  await tx.inquiries.update(updated);
  await tx.outbox.add(
    domainEvent(services.ids, services.clock, tx.workspaceId, "InquiryUpdated", updated.id, {
      inquiry: toInquiryView(updated),
      changed: [...RESCORED_FIELDS],
    }),
  );
  return true;
}

/**
 * Recomputes every inquiry's score with the workspace's current weights, newest first, one
 * transaction per batch, yielding to the event loop in between, so a large workspace never holds
 * the database or the process for long. A batch that
 * fails rolls back alone; the batches before it stay rescored, and running it again is safe.
 */
@injectable()
export class RescoreInquiries {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.Scheduler) private readonly scheduler: Scheduler,
  ) {}

  async execute(workspaceId: string, batchSize = DEFAULT_RESCORE_BATCH_SIZE): Promise<Result<RescoreSummary, Failure>> {
    const services = { ids: this.ids, clock: this.clock };
    const summary = { scanned: 0, changed: 0 };
    let after: PagePosition | null = null;
    do {
      const batch: Result<{ changed: number; scanned: number; next: PagePosition | null }, Failure> = await this.uow.run(workspaceId, async (tx) => {
        const workspace = await tx.workspaces.findById(workspaceId);
        if (!workspace) return err(notFound("workspace"));
        const page = await tx.inquiries.list({}, { limit: Math.max(1, batchSize), after });
        let changed = 0;
        for (const inquiry of page.items) if (await rescoreInquiry(tx, services, workspace, inquiry)) changed++;
        return ok({ changed, scanned: page.items.length, next: page.next });
      });
      if (!batch.ok) return batch;
      summary.scanned += batch.value.scanned;
      summary.changed += batch.value.changed;
      after = batch.value.next;
      if (after !== null) await this.scheduler.yield();
    } while (after !== null);
    return ok(summary);
  }
}
