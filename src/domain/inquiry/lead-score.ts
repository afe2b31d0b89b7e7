import { daysUntil, type CalendarDate } from "../shared/dates.js";
import type { Cents } from "../shared/money.js";
import type { Urgency } from "./inquiry.js";

/**
 * Points each rule can contribute. The total is scaled so that all rules at their maximum give
 * 100, whatever the weights add up to; a weight of 0 switches a rule off.
 */
export interface ScoreWeights {
  readonly contact: number;
  readonly value: number;
  readonly probability: number;
  readonly urgency: number;
  readonly budget: number;
  readonly start: number;
  readonly source: number;
  /** Expected value (EUR) at which the value rule gives full points; below it grows on a log scale. */
  readonly valueCeilingEuros: number;
}

export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = {
  contact: 20,
  value: 20,
  probability: 20,
  urgency: 15,
  budget: 10,
  start: 10,
  source: 5,
  valueCeilingEuros: 100_000,
};

export const DEFAULT_SOURCE_WEIGHT = 0.5;

export type ScoreRule = "contact" | "value" | "probability" | "urgency" | "budget" | "start" | "source";

/** The rules a workspace can weigh, in the order the score lists its reasons. */
export const SCORE_RULES: readonly ScoreRule[] = ["contact", "value", "probability", "urgency", "budget", "start", "source"];

/**
 * What a rule found, as a stable code with the numbers behind it. The words for people are made
 * per language from this (score-reason-text.ts), so the API can offer both.
 */
export type ScoreFinding =
  | { readonly code: "contact_known"; readonly known: ReadonlyArray<keyof ScoreFacts["contact"]> }
  | { readonly code: "contact_missing" }
  | { readonly code: "value_expected"; readonly euros: number; readonly ceilingEuros: number }
  | { readonly code: "value_missing" }
  | { readonly code: "probability_given"; readonly percent: number }
  | { readonly code: "probability_missing" }
  | { readonly code: "urgency"; readonly urgency: Urgency }
  | { readonly code: "budget_reached" }
  | { readonly code: "budget_stated" }
  | { readonly code: "budget_missing" }
  | { readonly code: "start_passed" }
  | { readonly code: "start_in_days"; readonly days: number }
  | { readonly code: "start_missing" }
  | { readonly code: "source_weight"; readonly source: string; readonly percent: number };

export type ScoreReasonCode = ScoreFinding["code"];

export interface ScoreReason {
  readonly rule: ScoreRule;
  /** Whole points; the reasons of one score add up to its total. */
  readonly points: number;
  /** The most this rule can give with the workspace's weights, one decimal. */
  readonly maxPoints: number;
  readonly finding: ScoreFinding;
}

export interface LeadScore {
  readonly total: number;
  readonly reasons: readonly ScoreReason[];
}

/** The facts of an inquiry the score looks at, nothing else. */
export interface ScoreFacts {
  readonly contact: {
    readonly name: boolean;
    readonly email: boolean;
    readonly phone: boolean;
    readonly address: boolean;
  };
  readonly expectedValueCents: Cents | null;
  readonly probability: number | null;
  readonly urgency: Urgency;
  readonly budgetMinCents: Cents | null;
  readonly budgetMaxCents: Cents | null;
  readonly desiredStartDate: CalendarDate | null;
  readonly source: string;
  /** 0..1 from the source catalog; unknown sources count as {@link DEFAULT_SOURCE_WEIGHT}. */
  readonly sourceWeight: number | null;
}

const URGENCY_SHARE: Readonly<Record<Urgency, number>> = { low: 0, normal: 1 / 3, high: 2 / 3, urgent: 1 };

interface RuleOutcome {
  readonly share: number;
  readonly finding: ScoreFinding;
}

function contactRule(facts: ScoreFacts): RuleOutcome {
  const known = (Object.keys(facts.contact) as Array<keyof ScoreFacts["contact"]>).filter((k) => facts.contact[k]);
  return { share: known.length / 4, finding: known.length ? { code: "contact_known", known } : { code: "contact_missing" } };
}

function valueRule(facts: ScoreFacts, weights: ScoreWeights): RuleOutcome {
  if (facts.expectedValueCents === null) return { share: 0, finding: { code: "value_missing" } };
  const euros = Math.max(0, facts.expectedValueCents / 100);
  const ceiling = Math.max(1, weights.valueCeilingEuros);
  const share = Math.min(1, Math.log10(1 + euros) / Math.log10(1 + ceiling));
  return { share, finding: { code: "value_expected", euros, ceilingEuros: ceiling } };
}

function probabilityRule(facts: ScoreFacts): RuleOutcome {
  if (facts.probability === null) return { share: 0, finding: { code: "probability_missing" } };
  const probability = Math.min(100, Math.max(0, facts.probability));
  return { share: probability / 100, finding: { code: "probability_given", percent: probability } };
}

function urgencyRule(facts: ScoreFacts): RuleOutcome {
  return { share: URGENCY_SHARE[facts.urgency], finding: { code: "urgency", urgency: facts.urgency } };
}

/**
 * Half the points for stating a budget at all, the rest once the expected value reaches the
 * budget's lower bound. A value above the upper bound is deliberately not penalised: that is a
 * sales judgement, and a penalty would let a larger deal score lower than a smaller one.
 */
function budgetRule(facts: ScoreFacts): RuleOutcome {
  if (facts.budgetMinCents === null && facts.budgetMaxCents === null) return { share: 0, finding: { code: "budget_missing" } };
  const lowerBound = facts.budgetMinCents ?? 0;
  if (facts.expectedValueCents !== null && facts.expectedValueCents >= lowerBound) {
    return { share: 1, finding: { code: "budget_reached" } };
  }
  return { share: 0.5, finding: { code: "budget_stated" } };
}

function startRule(facts: ScoreFacts, now: Date): RuleOutcome {
  if (facts.desiredStartDate === null) return { share: 0, finding: { code: "start_missing" } };
  const days = daysUntil(facts.desiredStartDate, now);
  const finding: ScoreFinding = days < 0 ? { code: "start_passed" } : { code: "start_in_days", days };
  if (days <= 30) return { share: 1, finding };
  if (days <= 90) return { share: 0.6, finding };
  if (days <= 180) return { share: 0.3, finding };
  return { share: 0.1, finding };
}

function sourceRule(facts: ScoreFacts): RuleOutcome {
  const weight = Math.min(1, Math.max(0, facts.sourceWeight ?? DEFAULT_SOURCE_WEIGHT));
  return { share: weight, finding: { code: "source_weight", source: facts.source, percent: Math.round(weight * 100) } };
}

/** Computes the 0..100 lead score and each rule's contribution. Pure: `now` only dates the start rule. */
export function scoreLead(facts: ScoreFacts, weights: ScoreWeights, now: Date): LeadScore {
  const outcomes: ReadonlyArray<readonly [ScoreRule, number, RuleOutcome]> = [
    ["contact", weights.contact, contactRule(facts)],
    ["value", weights.value, valueRule(facts, weights)],
    ["probability", weights.probability, probabilityRule(facts)],
    ["urgency", weights.urgency, urgencyRule(facts)],
    ["budget", weights.budget, budgetRule(facts)],
    ["start", weights.start, startRule(facts, now)],
    ["source", weights.source, sourceRule(facts)],
  ];
  const weightSum = sumOfWeights(outcomes.map(([, weight]) => weight));
  const exact = outcomes.map(([, weight, outcome]) => {
    const maxPoints = maxPointsOf(weight, weightSum);
    return { maxPoints, points: maxPoints * outcome.share };
  });
  const raw = exact.reduce((sum, rule) => sum + rule.points, 0);
  const total = Math.min(100, Math.max(0, Math.round(raw + 1e-9)));
  const points = wholePointsAddingUpTo(exact.map((rule) => rule.points), total);
  const reasons = outcomes.map(([rule, , outcome], i): ScoreReason => ({
    rule,
    points: points[i]!,
    maxPoints: round1(exact[i]!.maxPoints),
    finding: outcome.finding,
  }));
  return { total, reasons };
}

/** The most each rule can give under these weights, to one decimal, as the score's reasons show it. */
export function maxPointsPerRule(weights: ScoreWeights): Readonly<Record<ScoreRule, number>> {
  const weightSum = sumOfWeights(SCORE_RULES.map((rule) => weights[rule]));
  return Object.fromEntries(SCORE_RULES.map((rule) => [rule, round1(maxPointsOf(weights[rule], weightSum))])) as Record<ScoreRule, number>;
}

function sumOfWeights(weights: readonly number[]): number {
  return weights.reduce((sum, weight) => sum + Math.max(0, weight), 0);
}

function maxPointsOf(weight: number, weightSum: number): number {
  // Share of the weight first: 100 / weightSum overflows for vanishingly small weights.
  return weightSum > 0 ? (Math.max(0, weight) / weightSum) * 100 : 0;
}

/**
 * Rounds each rule's points to whole points so that they add up to the total (largest remainder
 * first): people add the reasons up and expect the score.
 */
function wholePointsAddingUpTo(exact: readonly number[], total: number): number[] {
  const floors = exact.map((value) => Math.floor(value + 1e-9));
  let missing = total - floors.reduce((sum, value) => sum + value, 0);
  const byRemainder = exact.map((value, i) => ({ i, remainder: value - floors[i]! })).sort((a, b) => b.remainder - a.remainder);
  for (const { i } of byRemainder) {
    if (missing <= 0) break;
    floors[i] = floors[i]! + 1;
    missing -= 1;
  }
  return floors;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
