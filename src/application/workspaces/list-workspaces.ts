import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import { type Workspace } from "../../domain/workspace/workspace.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

@injectable()
export class ListWorkspaces {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(): Promise<Result<readonly Workspace[], Failure>> {
    return this.uow.readSystem(async (tx) => ok(await tx.workspaces.list()));
  }
}
