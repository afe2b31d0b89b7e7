import { inject, injectable } from "tsyringe";
import { z } from "zod";
import type { ScoreWeights } from "../../domain/inquiry/lead-score.js";
import { changeScoreWeights } from "../../domain/inquiry/score-weights.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput, validationFailure } from "../shared/validation.js";
import type { Assert, SameShape } from "../shared/view-schemas.js";
import { TOKENS } from "../tokens.js";

const weight = (what: string) => z.number().describe(what);

/** The weights as the API shows them; each rule's weight is relative, the total is scaled to 100. */
export const ScoreWeightsViewSchema = z.object({
  contact: weight("Name, e-mail, phone and address known."),
  value: weight("Expected value on a log scale up to `valueCeilingEuros`."),
  probability: weight("The inquiry's probability."),
  urgency: weight("low, normal, high, urgent."),
  budget: weight("A budget stated, and the expected value reaching it."),
  start: weight("How soon the desired start is."),
  source: weight("The source's own weight from the source catalog."),
  valueCeilingEuros: z.number().describe("Expected value (EUR) from which the value rule gives full points."),
});
export type ScoreWeightsView = z.output<typeof ScoreWeightsViewSchema>;
type _ViewIsTheWeights = Assert<SameShape<ScoreWeightsView, ScoreWeights>>;

/**
 * A partial change. Numbers only here; the ranges are the domain's rule
 * ({@link changeScoreWeights}), so every channel gets the same answer.
 */
export const ChangeScoreWeightsInput = z.strictObject(
  Object.fromEntries(Object.keys(ScoreWeightsViewSchema.shape).map((name) => [name, z.number().optional()])) as {
    [K in keyof ScoreWeights]: z.ZodOptional<z.ZodNumber>;
  },
);
export type ChangeScoreWeightsInput = z.input<typeof ChangeScoreWeightsInput>;

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
