import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scoreFactsArbitrary } from "../support/score-facts.js";
import { DEFAULT_SCORE_WEIGHTS, scoreLead, type ScoreFacts } from "../../src/domain/inquiry/lead-score.js";
import { URGENCIES } from "../../src/domain/inquiry/inquiry.js";

const now = new Date("2026-11-25T09:00:00Z");

const bare: ScoreFacts = {
  contact: { name: false, email: false, phone: false, address: false },
  expectedValueCents: null,
  probability: null,
  urgency: "normal",
  budgetMinCents: null,
  budgetMaxCents: null,
  desiredStartDate: null,
  source: "API",
  sourceWeight: null,
};

const facts = scoreFactsArbitrary(now);

const score = (f: ScoreFacts) => scoreLead(f, DEFAULT_SCORE_WEIGHTS, now).total;

describe("lead score", () => {
  it("is always an integer from 0 to 100", () => {
    fc.assert(fc.property(facts, (f) => Number.isInteger(score(f)) && score(f) >= 0 && score(f) <= 100));
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(facts, (f) => {
        expect(scoreLead(f, DEFAULT_SCORE_WEIGHTS, now)).toEqual(scoreLead(structuredClone(f), DEFAULT_SCORE_WEIGHTS, now));
      }),
    );
  });

  it("never decreases when the expected value rises", () => {
    fc.assert(
      fc.property(facts, fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 1_000_000_000 }), (f, value, raise) => {
        const lower = { ...f, expectedValueCents: value };
        const higher = { ...f, expectedValueCents: value + raise };
        return score(higher) >= score(lower) && score(lower) >= score({ ...f, expectedValueCents: null });
      }),
    );
  });

  it("never decreases when the probability rises", () => {
    fc.assert(
      fc.property(facts, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (f, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        return score({ ...f, probability: high }) >= score({ ...f, probability: low });
      }),
    );
  });

  it("never decreases when the urgency rises", () => {
    fc.assert(
      fc.property(facts, (f) =>
        URGENCIES.every((urgency, i) => i === 0 || score({ ...f, urgency }) >= score({ ...f, urgency: URGENCIES[i - 1]! })),
      ),
    );
  });

  it("never decreases when a contact detail is added", () => {
    fc.assert(
      fc.property(facts, fc.constantFrom("name", "email", "phone", "address") as fc.Arbitrary<keyof ScoreFacts["contact"]>, (f, field) =>
        score({ ...f, contact: { ...f.contact, [field]: true } }) >= score({ ...f, contact: { ...f.contact, [field]: false } }),
      ),
    );
  });

  it("explains itself: one reason per rule, in whole points adding up exactly to the total", () => {
    fc.assert(
      fc.property(facts, (f) => {
        const result = scoreLead(f, DEFAULT_SCORE_WEIGHTS, now);
        const sum = result.reasons.reduce((total, reason) => total + reason.points, 0);
        return result.reasons.length === 7 && result.reasons.every((reason) => Number.isInteger(reason.points)) && sum === result.total;
      }),
    );
  });

  it("gives 100 to a complete, certain, urgent, large, budgeted lead from the best source", () => {
    const best: ScoreFacts = {
      contact: { name: true, email: true, phone: true, address: true },
      expectedValueCents: 10_000_000,
      probability: 100,
      urgency: "urgent",
      budgetMinCents: 5_000_000,
      budgetMaxCents: 20_000_000,
      desiredStartDate: "2026-12-01",
      source: "Empfehlung",
      sourceWeight: 1,
    };
    expect(score(best)).toBe(100);
  });

  it("scores a bare lead low, with a reason for every rule", () => {
    const result = scoreLead(bare, DEFAULT_SCORE_WEIGHTS, now);
    expect(result.total).toBe(8);
    expect(result.reasons.map((r) => r.rule)).toEqual(["contact", "value", "probability", "urgency", "budget", "start", "source"]);
  });

  it("follows the workspace's weights: a rule weighted 0 contributes nothing", () => {
    const weights = { ...DEFAULT_SCORE_WEIGHTS, urgency: 0 };
    const urgent = scoreLead({ ...bare, urgency: "urgent" }, weights, now);
    const low = scoreLead({ ...bare, urgency: "low" }, weights, now);
    expect(urgent.total).toBe(low.total);
    expect(urgent.reasons.find((r) => r.rule === "urgency")?.maxPoints).toBe(0);
  });
});
