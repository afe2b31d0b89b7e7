import { inject, injectable } from "tsyringe";
import type { z } from "zod";
import { addLogbookEntry, mergeInquiryFields, type Inquiry } from "../../domain/inquiry/inquiry.js";
import { lifecycleLogTexts } from "../../domain/inquiry/lifecycle-log.js";
import { catalogKey } from "../../domain/shared/text.js";
import { invalid, notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { resolveCatalogEntry } from "./resolve-catalog-entry.js";
import { domainEvent } from "../shared/events.js";
import { parseInput } from "../shared/validation.js";
import { toInquiryFields } from "./inquiry-fields.js";
import { UpdateInquiryInput } from "./inquiry-schemas.js";
import { toInquiryView } from "./inquiry-view.js";
import { changedFields, completeInquiry, recordWonTransition, type InquiryServices } from "./save-inquiry.js";
import type { WriteOutcome } from "../shared/write-outcome.js";

export type InquiryWriteOutcome = WriteOutcome;

export interface InquiryWriteResult {
  readonly inquiry: Inquiry;
  readonly outcome: InquiryWriteOutcome;
}

/**
 * Whether a status unknown to the catalog is created (intake: senders bring their own) or refused
 * (an edit: a typo like "Gewonen" must not become a status of its own).
 */
export type NewStatusPolicy = "create" | "refuse";

/** Refuses a status the catalog does not know, naming the ones it does. */
async function unknownStatus(tx: WorkspaceTransaction, name: string): Promise<Failure | null> {
  if (await tx.catalog.findByKey("status", catalogKey(name))) return null;
  const known = (await tx.catalog.list("status")).map((entry) => entry.name);
  return invalid("status", `is not a known status; known statuses: ${known.join(", ")}`);
}

/** Applies validated changes to a stored inquiry inside the caller's transaction. */
export async function applyInquiryChanges(
  tx: WorkspaceTransaction,
  services: InquiryServices,
  current: Inquiry,
  input: z.output<typeof UpdateInquiryInput>,
  newStatuses: NewStatusPolicy = "create",
): Promise<Result<InquiryWriteResult, Failure>> {
  const now = services.clock.now();
  if (newStatuses === "refuse" && input.status !== undefined) {
    const refused = await unknownStatus(tx, input.status);
    if (refused) return err(refused);
  }
  const status = await resolveCatalogEntry(tx, services.ids, "status", input.status ?? current.status, now);
  const source = await resolveCatalogEntry(tx, services.ids, "source", input.source ?? current.source, now);
  const merged = mergeInquiryFields(current, toInquiryFields(input));
  const completed = await completeInquiry(tx, services, merged, status, source, input.comment, current.assignee);
  if (!completed.ok) return completed;
  const changed = changedFields(current, completed.value);
  if (changed.length === 0) return ok({ inquiry: current, outcome: "unchanged" });
  const updated: Inquiry = await withLifecycleLog(tx, services, current, { ...completed.value, updatedAt: now.toISOString() });
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

/** Writes status and assignee changes to the logbook, signed with who made them. */
async function withLifecycleLog(tx: WorkspaceTransaction, services: InquiryServices, before: Inquiry, after: Inquiry): Promise<Inquiry> {
  const locale = (await tx.workspaces.findById(tx.workspaceId))?.locale ?? "de";
  return lifecycleLogTexts(before, after, locale).reduce(
    (inquiry, text) => addLogbookEntry(inquiry, { id: services.ids.newId(), at: after.updatedAt, author: services.actor ?? null, text }),
    after,
  );
}

/**
 * Changes an inquiry on behalf of an API key or a staff member (`actor`, for the logbook). Only
 * statuses the catalog knows are accepted here.
 */
@injectable()
export class UpdateInquiry {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(
    workspaceId: string,
    inquiryId: string,
    input: UpdateInquiryInput,
    actor: string | null = null,
  ): Promise<Result<InquiryWriteResult, Failure>> {
    const parsed = parseInput(UpdateInquiryInput, input);
    if (!parsed.ok) return parsed;
    return this.uow.run(workspaceId, async (tx) => {
      const current = await tx.inquiries.findById(inquiryId);
      if (!current) return err(notFound("inquiry"));
      return applyInquiryChanges(tx, { ids: this.ids, clock: this.clock, actor }, current, parsed.value, "refuse");
    });
  }
}
