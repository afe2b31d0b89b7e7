import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { type Result } from "../../domain/shared/result.js";
import { type Workspace } from "../../domain/workspace/workspace.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { findWorkspaceIn } from "./workspaces.js";

/** Resolves a workspace given by name (as people type it) or by id (as programs store it). */
@injectable()
export class FindWorkspace {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(nameOrId: string): Promise<Result<Workspace, Failure>> {
    return this.uow.readSystem((tx) => findWorkspaceIn(tx, nameOrId));
  }
}
