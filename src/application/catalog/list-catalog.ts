import { inject, injectable } from "tsyringe";
import { z } from "zod";
import type { CatalogEntry, CatalogKind } from "../../domain/catalog/catalog.js";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { listOf, TimestampSchema } from "../shared/view-schemas.js";
import { TOKENS } from "../tokens.js";

/** A status (with `isWon`, `isLost`) or a source (with `scoreWeight`) of the workspace's catalogs. */
export const CatalogEntryViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  isWon: z.boolean().optional().describe("Statuses only: reaching it means the deal is won."),
  isLost: z.boolean().optional().describe("Statuses only: reaching it means the deal is lost."),
  scoreWeight: z.number().nullable().optional().describe("Sources only: 0..1, its weight in the lead score (null: the default, 0.5)."),
  position: z.number().int().optional().describe("Place in the workspace's order, from 1 (in lists)."),
  createdAt: TimestampSchema,
});
export type CatalogEntryView = z.output<typeof CatalogEntryViewSchema>;

export const CatalogListSchema = listOf(CatalogEntryViewSchema);
export type CatalogListView = z.output<typeof CatalogListSchema>;

/** `position` is the entry's place in the list it was read from; single entries carry their stored one. */
export function toCatalogEntryView(entry: CatalogEntry, position: number | undefined = entry.position): CatalogEntryView {
  const place = position === undefined ? {} : { position };
  return entry.kind === "status"
    ? { id: entry.id, name: entry.name, isWon: entry.isWon, isLost: entry.isLost, ...place, createdAt: entry.createdAt }
    : { id: entry.id, name: entry.name, scoreWeight: entry.scoreWeight, ...place, createdAt: entry.createdAt };
}

@injectable()
export class ListCatalog {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, kind: CatalogKind): Promise<Result<readonly CatalogEntry[], Failure>> {
    return this.uow.read(workspaceId, async (tx) => ok(await tx.catalog.list(kind)));
  }
}
