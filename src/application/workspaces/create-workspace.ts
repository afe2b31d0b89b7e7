import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { type Result } from "../../domain/shared/result.js";
import { type Locale, type Workspace } from "../../domain/workspace/workspace.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { createWorkspaceIn } from "./workspaces.js";

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
