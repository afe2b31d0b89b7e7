import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { type WorkspaceApiKeyRate } from "./api-key-rate-settings.js";

@injectable()
export class GetApiKeyRate {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string): Promise<Result<WorkspaceApiKeyRate, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const workspace = await tx.workspaces.findById(workspaceId);
      return workspace ? ok({ rate: workspace.apiKeyRate ?? null }) : err(notFound("workspace"));
    });
  }
}
