import type { FieldIssue } from "../shared/failure.js";
import { err, ok, type Result } from "../shared/result.js";
import { SCORE_RULES, type ScoreWeights } from "./lead-score.js";

export { SCORE_RULES };

/** Every setting of {@link ScoreWeights}: the rule weights and the value rule's ceiling. */
export const SCORE_WEIGHT_SETTINGS: readonly (keyof ScoreWeights)[] = [...SCORE_RULES, "valueCeilingEuros"];

/** Weights are relative; a bound keeps their sum finite and typing mistakes visible. */
export const MAX_RULE_WEIGHT = 1000;

/** A partial change: settings left out keep their current value. */
export type ScoreWeightsChange = Readonly<Partial<Record<string, number>>>;

const isSetting = (name: string): name is keyof ScoreWeights => (SCORE_WEIGHT_SETTINGS as readonly string[]).includes(name);

/**
 * Merges a change over the current weights and checks the result: only known settings, each a
 * finite number of 0 or more (rule weights at most {@link MAX_RULE_WEIGHT}), at least one rule
 * weighing something (else every lead would score 0) and a positive value ceiling (the value
 * rule divides by it).
 */
export function changeScoreWeights(current: ScoreWeights, change: ScoreWeightsChange): Result<ScoreWeights, readonly FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const merged: Record<keyof ScoreWeights, number> = { ...current };
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) continue;
    if (!isSetting(name)) {
      issues.push({ path: name, message: `is not a known setting; use ${SCORE_WEIGHT_SETTINGS.join(", ")}` });
    } else if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      issues.push({ path: name, message: "must be a finite number of 0 or more" });
    } else if (name === "valueCeilingEuros" && value === 0) {
      issues.push({ path: name, message: "must be greater than 0" });
    } else if (name !== "valueCeilingEuros" && value > MAX_RULE_WEIGHT) {
      issues.push({ path: name, message: `must be at most ${MAX_RULE_WEIGHT}` });
    } else {
      merged[name] = value;
    }
  }
  if (issues.length > 0) return err(issues);
  if (SCORE_RULES.every((rule) => merged[rule] === 0)) {
    issues.push({ path: "weights", message: `at least one of ${SCORE_RULES.join(", ")} must be greater than 0` });
  }
  return issues.length > 0 ? err(issues) : ok(merged);
}
