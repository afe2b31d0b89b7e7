import { sameValue } from "../../domain/shared/same-value.js";
import type { CatalogEntry } from "../../domain/catalog/catalog.js";
import { DEFAULT_SOURCE_WEIGHT } from "../../domain/inquiry/lead-score.js";
import {
  addLogbookEntry,
  finalizeInquiry,
  inquiryIssues,
  type Inquiry,
  type ScoringContext,
} from "../../domain/inquiry/inquiry.js";
import type { Failure } from "../../domain/shared/failure.js";
import { notFound } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Workspace } from "../../domain/workspace/workspace.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { validationFailure } from "../shared/validation.js";
import { toInquiryView } from "./inquiry-view.js";

export interface InquiryServices {
  readonly ids: IdGenerator;
  readonly clock: Clock;
  /** Who makes the change, for the logbook: an API key's name, a staff member, "import"; null when unknown. */
  readonly actor?: string | null;
}

/** How the workspace scores its inquiries now: its weights; a source's own weight comes from the catalog. */
export function scoringContextOf(workspace: Workspace, now: Date): ScoringContext {
  return { weights: workspace.scoreWeights, sourceWeight: DEFAULT_SOURCE_WEIGHT, now, locale: workspace.locale };
}

/** Scores and validates a merged inquiry, adding the comment to its logbook. */
export async function completeInquiry(
  tx: WorkspaceTransaction,
  services: InquiryServices,
  draft: Inquiry,
  status: CatalogEntry,
  source: CatalogEntry,
  comment: string | undefined,
  previousAssignee: string | null = null,
): Promise<Result<Inquiry, Failure>> {
  const workspace = await tx.workspaces.findById(tx.workspaceId);
  if (!workspace) return err(notFound("workspace"));
  const now = services.clock.now();
  let inquiry = finalizeInquiry(draft, status, source, scoringContextOf(workspace, now));
  const issues = inquiryIssues(inquiry);
  // Only a new assignee must be on the staff: removing a member does not lock their old inquiries.
  if (issues.length === 0 && inquiry.assignee !== null && inquiry.assignee !== previousAssignee && !(await tx.staff.findByEmail(inquiry.assignee))) {
    issues.push({ path: "assignee", message: "is not a staff member of this workspace" });
  }
  if (issues.length > 0) return err(validationFailure(issues));
  if (comment !== undefined && comment.trim() !== "") {
    inquiry = addLogbookEntry(inquiry, { id: services.ids.newId(), at: now.toISOString(), author: services.actor ?? null, text: comment.trim() });
  }
  return ok(inquiry);
}

/** Emits InquiryWon only on the transition into a won status, so re-saving a won deal is silent. */
export async function recordWonTransition(
  tx: WorkspaceTransaction,
  services: InquiryServices,
  before: Inquiry | null,
  after: Inquiry,
): Promise<void> {
  if (after.wonAt !== null && (before === null || before.wonAt === null)) {
    await tx.outbox.add(
      domainEvent(services.ids, services.clock, tx.workspaceId, "InquiryWon", after.id, { inquiry: toInquiryView(after) }),
    );
  }
}

const VOLATILE_FIELDS: ReadonlySet<keyof Inquiry> = new Set(["leadScore", "leadScoreReasons", "updatedAt"]);

/** The stored fields that differ; the score is derived and does not count as a change of its own. */
export function changedFields(before: Inquiry, after: Inquiry): string[] {
  return (Object.keys(after) as Array<keyof Inquiry>).filter(
    (key) => !VOLATILE_FIELDS.has(key) && !sameValue(before[key], after[key]),
  );
}
