import { inject, injectable } from "tsyringe";
import type { z } from "zod";
import { mergeInquiryFields, type Inquiry } from "../../domain/inquiry/inquiry.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { resolveCatalogEntry } from "../catalog/resolve-catalog-entry.js";
import { domainEvent } from "../shared/events.js";
import { parseInput } from "../shared/validation.js";
import { toInquiryFields } from "./inquiry-fields.js";
import { UpdateInquiryInput } from "./inquiry-schemas.js";
import { toInquiryView } from "./inquiry-view.js";
import { changedFields, completeInquiry, recordWonTransition, type InquiryServices } from "./save-inquiry.js";

export type InquiryWriteOutcome = "created" | "updated" | "unchanged";

export interface InquiryWriteResult {
  readonly inquiry: Inquiry;
  readonly outcome: InquiryWriteOutcome;
}

/** Applies validated changes to a stored inquiry inside the caller's transaction. */
export async function applyInquiryChanges(
  tx: WorkspaceTransaction,
  services: InquiryServices,
  current: Inquiry,
  input: z.output<typeof UpdateInquiryInput>,
): Promise<Result<InquiryWriteResult, Failure>> {
  const now = services.clock.now();
  const status = await resolveCatalogEntry(tx, services.ids, "status", input.status ?? current.status, now);
  const source = await resolveCatalogEntry(tx, services.ids, "source", input.source ?? current.source, now);
  const merged = mergeInquiryFields(current, toInquiryFields(input));
  const completed = await completeInquiry(tx, services, merged, status, source, input.comment, current.assignee);
  if (!completed.ok) return completed;
  const changed = changedFields(current, completed.value);
  if (changed.length === 0) return ok({ inquiry: current, outcome: "unchanged" });
  const updated: Inquiry = { ...completed.value, updatedAt: now.toISOString() };
  await tx.inquiries.update(updated);
  await tx.outbox.add(
    domainEvent(services.ids, services.clock, tx.workspaceId, "InquiryUpdated", updated.id, {
      inquiry: toInquiryView(updated),
      changed,
    }),
  );
  await recordWonTransition(tx, services, current, updated);
  return ok({ inquiry: updated, outcome: "updated" });
}

@injectable()
export class UpdateInquiry {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, inquiryId: string, input: UpdateInquiryInput): Promise<Result<InquiryWriteResult, Failure>> {
    const parsed = parseInput(UpdateInquiryInput, input);
    if (!parsed.ok) return parsed;
    return this.uow.run(workspaceId, async (tx) => {
      const current = await tx.inquiries.findById(inquiryId);
      if (!current) return err(notFound("inquiry"));
      return applyInquiryChanges(tx, { ids: this.ids, clock: this.clock }, current, parsed.value);
    });
  }
}
