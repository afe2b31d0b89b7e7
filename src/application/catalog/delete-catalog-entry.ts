import { inject, injectable } from "tsyringe";
import type { CatalogKind } from "../../domain/catalog/catalog.js";
import { conflict, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { entryNotFound, findCatalogEntry } from "./catalog-moves.js";
import { DeleteCatalogEntryInput } from "./catalog-schemas.js";
import { toCatalogEntryView } from "./list-catalog.js";
import { mergeEntryInto } from "./merge-catalog-entry.js";

export interface CatalogEntryDeleted {
  readonly inquiriesMoved: number;
}

/**
 * Deletes a status or source. Inquiries are never left with an entry that no longer exists: when
 * any use it, `moveTo` must name where they go, else the deletion is refused (409).
 */
@injectable()
export class DeleteCatalogEntry {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, kind: CatalogKind, ref: string, input: DeleteCatalogEntryInput = {}): Promise<Result<CatalogEntryDeleted, Failure>> {
    const parsed = parseInput(DeleteCatalogEntryInput, input);
    if (!parsed.ok) return parsed;
    const { moveTo } = parsed.value;
    return this.uow.run(workspaceId, async (tx) => {
      const entry = await findCatalogEntry(tx, kind, ref);
      if (!entry) return err(entryNotFound(kind));
      let inquiriesMoved = 0;
      let movedTo: string | null = null;
      if (moveTo === undefined) {
        const used = await tx.inquiries.count(kind === "status" ? { status: entry.name } : { source: entry.name });
        if (used > 0) {
          const message = `${used} inquiries have the ${kind} "${entry.name}"; name another ${kind} with moveTo to move them there`;
          return err({ ...conflict(message), issues: [{ path: "moveTo", message }] });
        }
        await tx.catalog.delete(entry.id);
      } else {
        const merged = await mergeEntryInto(tx, { ids: this.ids, clock: this.clock }, kind, entry.id, moveTo, "moveTo");
        if (!merged.ok) return merged;
        inquiriesMoved = merged.value.inquiriesMoved;
        movedTo = merged.value.into.id;
      }
      await tx.outbox.add(
        domainEvent(this.ids, this.clock, workspaceId, "CatalogEntryDeleted", entry.id, {
          kind,
          entry: toCatalogEntryView(entry),
          movedTo,
          inquiriesMoved,
        }),
      );
      return ok({ inquiriesMoved });
    });
  }
}
