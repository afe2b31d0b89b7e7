import { inject, injectable } from "tsyringe";
import { newCatalogEntry, SEED_SOURCES, SEED_STATUSES } from "../../domain/catalog/catalog.js";
import type { Failure } from "../../domain/shared/failure.js";
import { conflict, invalid, notFound } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { isValidWorkspaceName, newWorkspace, type Locale, type Workspace } from "../../domain/workspace/workspace.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { SystemReader, SystemTransaction, UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

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

@injectable()
export class CreateWorkspace {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(name: string, locale: Locale = "de"): Promise<Result<Workspace, Failure>> {
    return this.uow.runSystem((tx) => createWorkspaceIn(tx, this.ids, name, this.clock.now(), locale));
  }
}

@injectable()
export class ListWorkspaces {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(): Promise<Result<readonly Workspace[], Failure>> {
    return this.uow.readSystem(async (tx) => ok(await tx.workspaces.list()));
  }
}

/** Resolves a workspace given by name (as people type it) or by id (as programs store it). */
@injectable()
export class FindWorkspace {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(nameOrId: string): Promise<Result<Workspace, Failure>> {
    return this.uow.readSystem((tx) => findWorkspaceIn(tx, nameOrId));
  }
}

/** By name first (as people type it), then by id (as programs store it). */
export async function findWorkspaceIn(tx: Pick<SystemReader, "workspaces">, nameOrId: string): Promise<Result<Workspace, Failure>> {
  const workspace = (await tx.workspaces.findByName(nameOrId)) ?? (await tx.workspaces.findById(nameOrId));
  return workspace ? ok(workspace) : err(notFound(`workspace "${nameOrId}"`));
}

export const LOCALES: readonly Locale[] = ["de", "en"];
const isLocale = (value: string): value is Locale => (LOCALES as readonly string[]).includes(value);

/** The language of the workspace's notifications (and later of its other texts). */
@injectable()
export class SetWorkspaceLocale {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(nameOrId: string, locale: string): Promise<Result<Workspace, Failure>> {
    if (!isLocale(locale)) return err(invalid("locale", `must be one of ${LOCALES.join(", ")}`));
    return this.uow.runSystem(async (tx) => {
      const workspace = (await tx.workspaces.findByName(nameOrId)) ?? (await tx.workspaces.findById(nameOrId));
      if (!workspace) return err(notFound(`workspace "${nameOrId}"`));
      const updated = { ...workspace, locale };
      await tx.workspaces.update(updated);
      return ok(updated);
    });
  }
}
