import { inject, injectable } from "tsyringe";
import { DEFAULT_WORKSPACE_NAME, type Workspace } from "../../domain/workspace/workspace.js";
import type { Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { issueApiKeyIn, type IssuedApiKey } from "../access/api-key-use-cases.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { Secrets } from "../ports/secrets.js";
import type { SystemTransaction, UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { createWorkspaceIn, findWorkspaceIn } from "./workspace-use-cases.js";

interface FirstWorkspaceServices {
  readonly ids: IdGenerator;
  readonly clock: Clock;
  readonly secrets: Secrets;
}

export interface FirstWorkspace {
  readonly workspace: Workspace;
  /** The workspace's first secret key, issued with it so the new user can call the API at once; null when not asked for. */
  readonly firstKey: IssuedApiKey | null;
}

/**
 * The one rule for a fresh database, shared by the server, the importer, the library and every
 * command: when no workspace exists yet, "default" is created (with its first API key, when the
 * caller will show it). Returns null once any workspace exists, so it never creates a second one.
 */
export async function firstWorkspaceIn(
  tx: SystemTransaction,
  services: FirstWorkspaceServices,
  options: { readonly issueKey: boolean },
): Promise<Result<FirstWorkspace | null, Failure>> {
  if ((await tx.workspaces.list()).length > 0) return ok(null);
  const workspace = await createWorkspaceIn(tx, services.ids, DEFAULT_WORKSPACE_NAME, services.clock.now());
  if (!workspace.ok) return workspace;
  const firstKey = options.issueKey
    ? await issueApiKeyIn(tx.within(workspace.value.id), services, { name: "first key", kind: "secret", allowedOrigins: [] })
    : null;
  return ok({ workspace: workspace.value, firstKey });
}

/** First start of the server on an empty database: "default" and its first key, or null when workspaces exist. */
@injectable()
export class BootstrapFirstWorkspace {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.Secrets) private readonly secrets: Secrets,
  ) {}

  async execute(): Promise<Result<IssuedApiKey | null, Failure>> {
    return this.uow.runSystem(async (tx) => {
      const first = await firstWorkspaceIn(tx, { ids: this.ids, clock: this.clock, secrets: this.secrets }, { issueKey: true });
      return first.ok ? ok(first.value?.firstKey ?? null) : first;
    });
  }
}

export interface OpenedWorkspace extends FirstWorkspace {
  /** True when this call created the workspace (on a fresh database). */
  readonly created: boolean;
}

export interface OpenWorkspaceOptions {
  /** Issue the first key when this call creates "default" (a caller that shows it to a person). */
  readonly issueKey: boolean;
  /** Create a missing workspace of any name (the library's "created on first use"); else only "default" on a fresh database. */
  readonly createMissing?: boolean;
}

/**
 * The workspace a command or the library works in, by name or id. On a fresh database asking
 * for "default" creates it by the first-workspace rule; any other missing workspace is not_found,
 * unless the caller asks to create it.
 */
@injectable()
export class OpenWorkspace {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.Secrets) private readonly secrets: Secrets,
  ) {}

  async execute(nameOrId: string, options: OpenWorkspaceOptions = { issueKey: true }): Promise<Result<OpenedWorkspace, Failure>> {
    const found = await this.uow.readSystem((tx) => findWorkspaceIn(tx, nameOrId));
    if (found.ok) return ok({ workspace: found.value, firstKey: null, created: false });
    if (nameOrId !== DEFAULT_WORKSPACE_NAME && !options.createMissing) return found;
    return this.uow.runSystem(async (tx): Promise<Result<OpenedWorkspace, Failure>> => {
      // Looked up again inside the write transaction: a concurrent command may have just created it.
      const again = await findWorkspaceIn(tx, nameOrId);
      if (again.ok) return ok({ workspace: again.value, firstKey: null, created: false });
      if (nameOrId === DEFAULT_WORKSPACE_NAME) {
        const first = await firstWorkspaceIn(tx, { ids: this.ids, clock: this.clock, secrets: this.secrets }, options);
        if (!first.ok) return first;
        if (first.value) return ok({ ...first.value, created: true });
        if (!options.createMissing) return err(again.error);
      }
      const created = await createWorkspaceIn(tx, this.ids, nameOrId, this.clock.now());
      return created.ok ? ok({ workspace: created.value, firstKey: null, created: true }) : created;
    });
  }
}
