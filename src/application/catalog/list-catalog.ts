import { inject, injectable } from "tsyringe";
import type { CatalogEntry, CatalogKind } from "../../domain/catalog/catalog.js";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

export interface CatalogEntryView {
  readonly id: string;
  readonly name: string;
  readonly isWon?: boolean;
  readonly isLost?: boolean;
  readonly scoreWeight?: number | null;
  readonly createdAt: string;
}

export function toCatalogEntryView(entry: CatalogEntry): CatalogEntryView {
  return entry.kind === "status"
    ? { id: entry.id, name: entry.name, isWon: entry.isWon, isLost: entry.isLost, createdAt: entry.createdAt }
    : { id: entry.id, name: entry.name, scoreWeight: entry.scoreWeight, createdAt: entry.createdAt };
}

@injectable()
export class ListCatalog {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, kind: CatalogKind): Promise<Result<readonly CatalogEntry[], Failure>> {
    return this.uow.run(workspaceId, async (tx) => ok(await tx.catalog.list(kind)));
  }
}
