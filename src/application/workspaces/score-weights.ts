import { z } from "zod";
import type { ScoreWeights } from "../../domain/inquiry/lead-score.js";
import { changeScoreWeights } from "../../domain/inquiry/score-weights.js";
import type { Assert, SameShape } from "../shared/view-schemas.js";

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
