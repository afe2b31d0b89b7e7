import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scoreFactsArbitrary } from "../support/score-facts.js";
import { DEFAULT_SCORE_WEIGHTS, scoreLead, type ScoreFacts, type ScoreWeights } from "../../src/domain/inquiry/lead-score.js";
import { changeScoreWeights, MAX_RULE_WEIGHT, SCORE_RULES } from "../../src/domain/inquiry/score-weights.js";

const now = new Date("2026-11-25T09:00:00Z");

const facts = scoreFactsArbitrary(now);

const ruleWeight = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1000, noNaN: true }), fc.integer({ min: 0, max: 100 }));

/** Any weights the validation accepts, built by changing the defaults. */
const validWeights: fc.Arbitrary<ScoreWeights> = fc
  .record({
    contact: ruleWeight,
    value: ruleWeight,
    probability: ruleWeight,
    urgency: ruleWeight,
    budget: ruleWeight,
    start: ruleWeight,
    source: ruleWeight,
    valueCeilingEuros: fc.double({ min: 0.01, max: 1e9, noNaN: true }),
  })
  .map((change) => changeScoreWeights(DEFAULT_SCORE_WEIGHTS, change))
  .filter((result) => result.ok)
  .map((result) => (result.ok ? result.value : DEFAULT_SCORE_WEIGHTS));

describe("changing score weights", () => {
  it("merges a partial change over the current weights", () => {
    const changed = changeScoreWeights(DEFAULT_SCORE_WEIGHTS, { value: 30, contact: 10 });
    expect(changed).toEqual({ ok: true, value: { ...DEFAULT_SCORE_WEIGHTS, value: 30, contact: 10 } });
  });

  it("names an unknown setting", () => {
    const changed = changeScoreWeights(DEFAULT_SCORE_WEIGHTS, { colour: 3 });
    expect(changed.ok).toBe(false);
    if (!changed.ok) expect(changed.error).toEqual([expect.objectContaining({ path: "colour", message: expect.stringContaining("is not a known setting") })]);
  });

  it("refuses negative, infinite and NaN weights, naming each", () => {
    const changed = changeScoreWeights(DEFAULT_SCORE_WEIGHTS, { value: -1, urgency: Number.POSITIVE_INFINITY, budget: Number.NaN });
    expect(changed.ok ? [] : changed.error.map((issue) => issue.path)).toEqual(["value", "urgency", "budget"]);
  });

  it("names every failing setting at once", () => {
    const changed = changeScoreWeights(DEFAULT_SCORE_WEIGHTS, { value: -3, valueCeilingEuros: 0 });
    expect(changed.ok ? [] : changed.error.map((issue) => issue.path)).toEqual(["value", "valueCeilingEuros"]);
  });

  it("refuses to switch every rule off", () => {
    const allOff = Object.fromEntries(SCORE_RULES.map((rule) => [rule, 0]));
    const changed = changeScoreWeights(DEFAULT_SCORE_WEIGHTS, allOff);
    expect(changed.ok ? [] : changed.error.map((issue) => issue.path)).toEqual(["weights"]);
    expect(changeScoreWeights(DEFAULT_SCORE_WEIGHTS, { ...allOff, source: 1 }).ok).toBe(true);
  });

  it("refuses a rule weight above the maximum", () => {
    const changed = changeScoreWeights(DEFAULT_SCORE_WEIGHTS, { contact: MAX_RULE_WEIGHT + 1 });
    expect(changed.ok ? [] : changed.error).toEqual([{ path: "contact", message: `must be at most ${MAX_RULE_WEIGHT}` }]);
  });

  it("refuses a value ceiling of 0", () => {
    const changed = changeScoreWeights(DEFAULT_SCORE_WEIGHTS, { valueCeilingEuros: 0 });
    expect(changed.ok ? [] : changed.error.map((issue) => issue.path)).toEqual(["valueCeilingEuros"]);
  });

  it("accepts exactly the changes whose merged weights are finite, non-negative and not all off", () => {
    const anyNumber = fc.oneof(fc.double(), fc.integer({ min: -5, max: 1005 }));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...SCORE_RULES), anyNumber), (change) => {
        const merged = { ...DEFAULT_SCORE_WEIGHTS, ...change };
        const valid = SCORE_RULES.every((rule) => Number.isFinite(merged[rule]) && merged[rule] >= 0 && merged[rule] <= MAX_RULE_WEIGHT) && SCORE_RULES.some((rule) => merged[rule] > 0);
        return changeScoreWeights(DEFAULT_SCORE_WEIGHTS, change).ok === valid;
      }),
    );
  });
});

describe("lead score under any valid weights", () => {
  it("is always an integer from 0 to 100", () => {
    fc.assert(
      fc.property(facts, validWeights, (f, weights) => {
        const { total } = scoreLead(f, weights, now);
        return Number.isInteger(total) && total >= 0 && total <= 100;
      }),
    );
  });

  it("never decreases when the expected value, probability, urgency or contact completeness rises", () => {
    fc.assert(
      fc.property(facts, validWeights, fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 100 }), (f, weights, raise, probability) => {
        const score = (g: ScoreFacts) => scoreLead(g, weights, now).total;
        const value = f.expectedValueCents ?? 0;
        const higherProbability = Math.max(probability, f.probability ?? 0);
        return (
          score({ ...f, expectedValueCents: value + raise }) >= score({ ...f, expectedValueCents: value }) &&
          score({ ...f, probability: higherProbability }) >= score({ ...f, probability: f.probability ?? 0 }) &&
          score({ ...f, urgency: "urgent" }) >= score(f) &&
          score({ ...f, contact: { name: true, email: true, phone: true, address: true } }) >= score(f)
        );
      }),
    );
  });

  it("gives each rule maxPoints in proportion to its weight, adding up to 100", () => {
    fc.assert(
      fc.property(facts, validWeights, (f, weights) => {
        const reasons = scoreLead(f, weights, now).reasons;
        const sum = reasons.reduce((total, reason) => total + reason.maxPoints, 0);
        return reasons.every((reason) => (weights[reason.rule] === 0 ? reason.maxPoints === 0 : true)) && Math.abs(sum - 100) <= 0.5;
      }),
    );
  });
});
