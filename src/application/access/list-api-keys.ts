import { inject, injectable } from "tsyringe";
import { type ApiKey } from "../../domain/access/api-key.js";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

@injectable()
export class ListApiKeys {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  /** Keys of one workspace, or of all workspaces for the operator's CLI. */
  async execute(workspaceId: string | null): Promise<Result<readonly ApiKey[], Failure>> {
    if (workspaceId === null) return this.uow.readSystem(async (tx) => ok(await tx.apiKeys.listAll()));
    return this.uow.read(workspaceId, async (tx) => ok(await tx.apiKeys.list()));
  }
}
