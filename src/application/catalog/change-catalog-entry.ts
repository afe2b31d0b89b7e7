import { inject, injectable } from "tsyringe";
import type { CatalogEntry, CatalogKind } from "../../domain/catalog/catalog.js";
import { conflict, invalid, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { catalogKey } from "../../domain/shared/text.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { entryNotFound, findCatalogEntry, moveInquiries } from "./catalog-moves.js";
import { ChangeCatalogEntryInput } from "./catalog-schemas.js";
import { toCatalogEntryView } from "./list-catalog.js";

export interface CatalogEntryChanged {
  readonly entry: CatalogEntry;
  /** Inquiries renamed or rescored along with the entry. */
  readonly inquiriesUpdated: number;
}

/** Puts `entry` at `position` (from 1) and numbers the whole list, so every entry has its place. */
async function reorder(tx: WorkspaceTransaction, entry: CatalogEntry, position: number): Promise<CatalogEntry> {
  const others = (await tx.catalog.list(entry.kind)).filter((e) => e.id !== entry.id);
  const ordered = [...others.slice(0, position - 1), entry, ...others.slice(position - 1)];
  let placed = entry;
  for (const [index, current] of ordered.entries()) {
    const next = { ...current, position: index + 1 };
    if (current.id === entry.id) placed = next;
    else if (current.position !== next.position) await tx.catalog.update(next);
  }
  return placed;
}

/**
 * Renames, moves or (sources) reweighs a status or source. The stored inquiries name their status
 * and source, so a rename renames them too, and a new weight rescores the source's inquiries:
 * the catalog stays the one place the weight comes from.
 */
@injectable()
export class ChangeCatalogEntry {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, kind: CatalogKind, ref: string, input: ChangeCatalogEntryInput): Promise<Result<CatalogEntryChanged, Failure>> {
    const parsed = parseInput(ChangeCatalogEntryInput, input);
    if (!parsed.ok) return parsed;
    const change = parsed.value;
    if (change.scoreWeight !== undefined && kind !== "source") return err(invalid("scoreWeight", "only sources have a score weight"));
    return this.uow.run(workspaceId, async (tx) => {
      const before = await findCatalogEntry(tx, kind, ref);
      if (!before) return err(entryNotFound(kind));
      let entry = before;
      if (change.name !== undefined) {
        const name = change.name.trim().replace(/\s+/g, " ");
        const holder = await tx.catalog.findByKey(kind, catalogKey(name));
        if (holder && holder.id !== before.id) {
          const message = `a ${kind} named "${holder.name}" exists; merge into it instead`;
          return err({ ...conflict(message), issues: [{ path: "name", message }] });
        }
        entry = { ...entry, name, key: catalogKey(name) };
      }
      if (change.scoreWeight !== undefined) entry = { ...entry, scoreWeight: change.scoreWeight };
      if (change.position !== undefined) entry = await reorder(tx, entry, change.position);
      await tx.catalog.update(entry);
      const services = { ids: this.ids, clock: this.clock };
      const affectsInquiries = entry.name !== before.name || entry.scoreWeight !== before.scoreWeight;
      const moved = affectsInquiries ? await moveInquiries(tx, services, kind, before.name, entry) : ok(0);
      if (!moved.ok) return moved;
      await tx.outbox.add(
        domainEvent(this.ids, this.clock, workspaceId, "CatalogEntryChanged", entry.id, {
          kind,
          entry: toCatalogEntryView(entry),
          previous: toCatalogEntryView(before),
          inquiriesUpdated: moved.value,
        }),
      );
      return ok({ entry, inquiriesUpdated: moved.value });
    });
  }
}
