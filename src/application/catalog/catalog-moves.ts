import type { CatalogEntry, CatalogKind } from "../../domain/catalog/catalog.js";
import { finalizeInquiry, type Inquiry } from "../../domain/inquiry/inquiry.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { catalogKey } from "../../domain/shared/text.js";
import { toInquiryView } from "../inquiries/inquiry-view.js";
import { changedFields, recordWonTransition, scoringContextOf, type InquiryServices } from "../inquiries/save-inquiry.js";
import type { PagePosition } from "../ports/pagination.js";
import type { WorkspaceReader, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { resolveCatalogEntry } from "../inquiries/resolve-catalog-entry.js";

const MOVE_BATCH = 200;

/** Finds an entry by id or, case-insensitively, by name. */
export async function findCatalogEntry(tx: WorkspaceReader, kind: CatalogKind, ref: string): Promise<CatalogEntry | null> {
  const byId = await tx.catalog.findById(ref);
  if (byId && byId.kind === kind) return byId;
  return tx.catalog.findByKey(kind, catalogKey(ref));
}

export const entryNotFound = (kind: CatalogKind): Failure => notFound(kind === "status" ? "status" : "source");

/**
 * Gives every inquiry filed under `fromName` the entry `target` and scores it again with the
 * status rules (a won status sets probability 100) and the source's weight, recording each
 * change as InquiryUpdated (and InquiryWon) in the same transaction. Returns how many moved.
 */
export async function moveInquiries(
  tx: WorkspaceTransaction,
  services: InquiryServices,
  kind: CatalogKind,
  fromName: string,
  target: CatalogEntry,
): Promise<Result<number, Failure>> {
  const workspace = await tx.workspaces.findById(tx.workspaceId);
  if (!workspace) return err(notFound("workspace"));
  const filter = kind === "status" ? { status: fromName } : { source: fromName };
  const found: Inquiry[] = [];
  // Collected first: the updates below change what the filter matches.
  let after: PagePosition | null = null;
  do {
    const page = await tx.inquiries.list(filter, { limit: MOVE_BATCH, after });
    found.push(...page.items);
    after = page.next;
  } while (after !== null);
  const now = services.clock.now();
  for (const before of found) {
    const status = kind === "status" ? target : await resolveCatalogEntry(tx, services.ids, "status", before.status, now);
    const source = kind === "source" ? target : await resolveCatalogEntry(tx, services.ids, "source", before.source, now);
    const finalized = finalizeInquiry(before, status, source, scoringContextOf(workspace, now));
    const changed = changedFields(before, finalized);
    if (changed.length === 0 && finalized.leadScore === before.leadScore) continue;
    const saved: Inquiry = { ...finalized, updatedAt: now.toISOString() };
    await tx.inquiries.update(saved);
    await tx.outbox.add(
      domainEvent(services.ids, services.clock, tx.workspaceId, "InquiryUpdated", saved.id, {
        inquiry: toInquiryView(saved),
        changed: changed.length > 0 ? changed : ["leadScore", "leadScoreReasons"],
      }),
    );
    await recordWonTransition(tx, services, before, saved);
  }
  return ok(found.length);
}
