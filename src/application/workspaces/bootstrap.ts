import { inject, injectable } from "tsyringe";
import { DEFAULT_WORKSPACE_NAME } from "../../domain/workspace/workspace.js";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import { issueApiKeyIn, type IssuedApiKey } from "../access/api-key-use-cases.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { createWorkspaceIn } from "./workspace-use-cases.js";

/**
 * First start on an empty database: create the "default" workspace and one API key, so a new
 * user can send an inquiry right away. Does nothing once any workspace exists.
 */
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
      if ((await tx.workspaces.list()).length > 0) return ok(null);
      const workspace = await createWorkspaceIn(tx, this.ids, DEFAULT_WORKSPACE_NAME, this.clock.now());
      if (!workspace.ok) return workspace;
      const issued = await issueApiKeyIn(tx.within(workspace.value.id), { ids: this.ids, secrets: this.secrets, clock: this.clock }, {
        name: "first key",
        kind: "secret",
        allowedOrigins: [],
      });
      return ok(issued);
    });
  }
}
