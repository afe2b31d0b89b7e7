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

export interface ScoreReason {
  readonly rule: ScoreRule;
  /** Contribution to the 0..100 total, one decimal. */
  readonly points: number;
  readonly maxPoints: number;
  readonly detail: string;
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
  readonly detail: string;
}

function contactRule(facts: ScoreFacts): RuleOutcome {
  const present = (Object.keys(facts.contact) as Array<keyof ScoreFacts["contact"]>).filter((k) => facts.contact[k]);
  return { share: present.length / 4, detail: present.length ? `known: ${present.join(", ")}` : "no contact details" };
}

function valueRule(facts: ScoreFacts, weights: ScoreWeights): RuleOutcome {
  if (facts.expectedValueCents === null) return { share: 0, detail: "no expected value" };
  const euros = Math.max(0, facts.expectedValueCents / 100);
  const ceiling = Math.max(1, weights.valueCeilingEuros);
  const share = Math.min(1, Math.log10(1 + euros) / Math.log10(1 + ceiling));
  return { share, detail: `expected value ${euros.toFixed(2)} EUR (full points from ${ceiling} EUR)` };
}

function probabilityRule(facts: ScoreFacts): RuleOutcome {
  if (facts.probability === null) return { share: 0, detail: "no probability" };
  const probability = Math.min(100, Math.max(0, facts.probability));
  return { share: probability / 100, detail: `probability ${probability} %` };
}

function urgencyRule(facts: ScoreFacts): RuleOutcome {
  return { share: URGENCY_SHARE[facts.urgency], detail: `urgency ${facts.urgency}` };
}

/**
 * Half the points for stating a budget at all, the rest once the expected value reaches the
 * budget's lower bound. A value above the upper bound is deliberately not penalised: that is a
 * sales judgement, and a penalty would let a larger deal score lower than a smaller one.
 */
function budgetRule(facts: ScoreFacts): RuleOutcome {
  if (facts.budgetMinCents === null && facts.budgetMaxCents === null) return { share: 0, detail: "no budget stated" };
  const lowerBound = facts.budgetMinCents ?? 0;
  if (facts.expectedValueCents !== null && facts.expectedValueCents >= lowerBound) {
    return { share: 1, detail: "budget stated and expected value within reach of it" };
  }
  return { share: 0.5, detail: "budget stated" };
}

function startRule(facts: ScoreFacts, now: Date): RuleOutcome {
  if (facts.desiredStartDate === null) return { share: 0, detail: "no desired start" };
  const days = daysUntil(facts.desiredStartDate, now);
  if (days <= 30) return { share: 1, detail: days < 0 ? "desired start has passed" : `desired start in ${days} days` };
  if (days <= 90) return { share: 0.6, detail: `desired start in ${days} days` };
  if (days <= 180) return { share: 0.3, detail: `desired start in ${days} days` };
  return { share: 0.1, detail: `desired start in ${days} days` };
}

function sourceRule(facts: ScoreFacts): RuleOutcome {
  const weight = Math.min(1, Math.max(0, facts.sourceWeight ?? DEFAULT_SOURCE_WEIGHT));
  return { share: weight, detail: `source ${facts.source} weighs ${weight}` };
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
  const weightSum = outcomes.reduce((sum, [, weight]) => sum + Math.max(0, weight), 0);
  let raw = 0;
  const reasons = outcomes.map(([rule, weight, outcome]): ScoreReason => {
    // Share of the weight first: 100 / weightSum overflows for vanishingly small weights.
    const maxPoints = weightSum > 0 ? (Math.max(0, weight) / weightSum) * 100 : 0;
    const points = maxPoints * outcome.share;
    raw += points;
    return { rule, points: round1(points), maxPoints: round1(maxPoints), detail: outcome.detail };
  });
  const total = Math.min(100, Math.max(0, Math.round(raw + 1e-9)));
  return { total, reasons };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
