import { newCatalogEntry, SEED_SOURCES, SEED_STATUSES } from "../../domain/catalog/catalog.js";
import type { Failure } from "../../domain/shared/failure.js";
import { conflict, invalid, notFound } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { isValidWorkspaceName, newWorkspace, type Locale, type Workspace } from "../../domain/workspace/workspace.js";
import type { IdGenerator } from "../ports/ids.js";
import type { SystemReader, SystemTransaction } from "../ports/unit-of-work.js";

/** Creates a workspace with its starting status and source catalog, inside the caller's transaction. */
export async function createWorkspaceIn(
  tx: SystemTransaction,
  ids: IdGenerator,
  name: string,
  now: Date,
  locale: Locale = "de",
): Promise<Result<Workspace, Failure>> {
  const trimmed = name.trim();
  if (!isValidWorkspaceName(trimmed)) {
    return err(invalid("name", "must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit"));
  }
  if (await tx.workspaces.findByName(trimmed)) return err(conflict(`workspace "${trimmed}" already exists`));
  if (!isLocale(locale)) return err(invalid("locale", `must be one of ${LOCALES.join(", ")}`));
  const workspace = newWorkspace(ids.newId(), trimmed, now, locale);
  await tx.workspaces.insert(workspace);
  const scoped = tx.within(workspace.id);
  for (const seed of SEED_STATUSES) await scoped.catalog.insert(newCatalogEntry(ids.newId(), workspace.id, "status", seed, now));
  for (const seed of SEED_SOURCES) await scoped.catalog.insert(newCatalogEntry(ids.newId(), workspace.id, "source", seed, now));
  return ok(workspace);
}

/** By name first (as people type it), then by id (as programs store it). */
export async function findWorkspaceIn(tx: Pick<SystemReader, "workspaces">, nameOrId: string): Promise<Result<Workspace, Failure>> {
  const workspace = (await tx.workspaces.findByName(nameOrId)) ?? (await tx.workspaces.findById(nameOrId));
  return workspace ? ok(workspace) : err(notFound(`workspace "${nameOrId}"`));
}

export const LOCALES: readonly Locale[] = ["de", "en"];

export const isLocale = (value: string): value is Locale => (LOCALES as readonly string[]).includes(value);
