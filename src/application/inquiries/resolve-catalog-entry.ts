import { newCatalogEntry, type CatalogEntry, type CatalogKind } from "../../domain/catalog/catalog.js";
import { catalogKey } from "../../domain/shared/text.js";
import type { IdGenerator } from "../ports/ids.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";

/**
 * The status or source an inquiry names, found case-insensitively and created on first use, so
 * senders (imports, partner systems) can bring their own.
 */
export async function resolveCatalogEntry(
  tx: WorkspaceTransaction,
  ids: IdGenerator,
  kind: CatalogKind,
  name: string,
  now: Date,
): Promise<CatalogEntry> {
  const existing = await tx.catalog.findByKey(kind, catalogKey(name));
  if (existing) return existing;
  const entry = newCatalogEntry(ids.newId(), tx.workspaceId, kind, { name }, now);
  await tx.catalog.insert(entry);
  return entry;
}
