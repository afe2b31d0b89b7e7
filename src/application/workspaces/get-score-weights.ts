import { inject, injectable } from "tsyringe";
import type { ScoreWeights } from "../../domain/inquiry/lead-score.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

@injectable()
export class GetScoreWeights {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string): Promise<Result<ScoreWeights, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const workspace = await tx.workspaces.findById(workspaceId);
      return workspace ? ok(workspace.scoreWeights) : err(notFound("workspace"));
    });
  }
}
