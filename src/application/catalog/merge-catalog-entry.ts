import { inject, injectable } from "tsyringe";
import type { CatalogEntry, CatalogKind } from "../../domain/catalog/catalog.js";
import { invalid, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { entryNotFound, findCatalogEntry, moveInquiries } from "./catalog-moves.js";
import { MergeCatalogEntryInput } from "./catalog-schemas.js";
import { toCatalogEntryView } from "./list-catalog.js";
import type { InquiryServices } from "../inquiries/save-inquiry.js";

export interface CatalogEntryMerged {
  /** The entry that remains. */
  readonly into: CatalogEntry;
  readonly inquiriesMoved: number;
}

/** Moves an entry's inquiries to another entry of the same catalog and removes it: one step, one transaction. */
export async function mergeEntryInto(
  tx: WorkspaceTransaction,
  services: InquiryServices,
  kind: CatalogKind,
  ref: string,
  intoRef: string,
  field: string,
): Promise<Result<CatalogEntryMerged & { from: CatalogEntry }, Failure>> {
  const from = await findCatalogEntry(tx, kind, ref);
  if (!from) return err(entryNotFound(kind));
  const into = await findCatalogEntry(tx, kind, intoRef);
  if (!into) return err(invalid(field, `is not a ${kind} of this workspace`));
  if (into.id === from.id) return err(invalid(field, `must be another ${kind} than the one it replaces`));
  const moved = await moveInquiries(tx, services, kind, from.name, into);
  if (!moved.ok) return moved;
  await tx.catalog.delete(from.id);
  return ok({ from, into, inquiriesMoved: moved.value });
}

@injectable()
export class MergeCatalogEntry {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, kind: CatalogKind, ref: string, input: MergeCatalogEntryInput): Promise<Result<CatalogEntryMerged, Failure>> {
    const parsed = parseInput(MergeCatalogEntryInput, input);
    if (!parsed.ok) return parsed;
    return this.uow.run(workspaceId, async (tx) => {
      const merged = await mergeEntryInto(tx, { ids: this.ids, clock: this.clock }, kind, ref, parsed.value.into, "into");
      if (!merged.ok) return merged;
      const { from, into, inquiriesMoved } = merged.value;
      await tx.outbox.add(
        domainEvent(this.ids, this.clock, workspaceId, "CatalogEntryMerged", from.id, {
          kind,
          from: toCatalogEntryView(from),
          into: toCatalogEntryView(into),
          inquiriesMoved,
        }),
      );
      return ok({ into, inquiriesMoved });
    });
  }
}
