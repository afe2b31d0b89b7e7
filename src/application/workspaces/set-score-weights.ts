import { inject, injectable } from "tsyringe";
import type { ScoreWeights } from "../../domain/inquiry/lead-score.js";
import { changeScoreWeights } from "../../domain/inquiry/score-weights.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput, validationFailure } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { ChangeScoreWeightsInput } from "./score-weights.js";

/** Changes some of a workspace's weights; inquiries scored before keep their score until rescored. */
@injectable()
export class SetScoreWeights {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, input: ChangeScoreWeightsInput): Promise<Result<ScoreWeights, Failure>> {
    const parsed = parseInput(ChangeScoreWeightsInput, input);
    if (!parsed.ok) return parsed;
    // The workspace record lives outside the workspace-bound repositories, hence the system transaction.
    return this.uow.runSystem(async (tx) => {
      const workspace = await tx.workspaces.findById(workspaceId);
      if (!workspace) return err(notFound("workspace"));
      const changed = changeScoreWeights(workspace.scoreWeights, parsed.value);
      if (!changed.ok) return err(validationFailure(changed.error));
      await tx.workspaces.update({ ...workspace, scoreWeights: changed.value });
      await tx.within(workspaceId).outbox.add(
        domainEvent(this.ids, this.clock, workspaceId, "ScoreWeightsChanged", workspaceId, {
          weights: changed.value,
          previous: workspace.scoreWeights,
        }),
      );
      return ok(changed.value);
    });
  }
}
