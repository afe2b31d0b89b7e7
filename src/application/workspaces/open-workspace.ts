import { inject, injectable } from "tsyringe";
import { DEFAULT_WORKSPACE_NAME } from "../../domain/workspace/workspace.js";
import type { Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { createWorkspaceIn, findWorkspaceIn } from "./workspaces.js";
import { firstWorkspaceIn, type OpenedWorkspace, type OpenWorkspaceOptions } from "./bootstrap.js";

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
