import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SCORE_WEIGHTS, scoreLead, type ScoreFacts } from "../../src/domain/inquiry/lead-score.js";
import { explainScoreReason, scoreTemperature, temperatureWord, topScoreReasons } from "../../src/domain/inquiry/score-reason-text.js";
import { scoreFactsArbitrary } from "../support/score-facts.js";

const now = new Date("2026-11-25T09:00:00Z");

const lead: ScoreFacts = {
  contact: { name: true, email: true, phone: true, address: false },
  expectedValueCents: 1_250_000,
  probability: 60,
  urgency: "high",
  budgetMinCents: null,
  budgetMaxCents: null,
  desiredStartDate: "2026-12-05",
  source: "API",
  sourceWeight: 0.5,
};

const texts = (locale: "de" | "en") => scoreLead(lead, DEFAULT_SCORE_WEIGHTS, now).reasons.map((reason) => explainScoreReason(reason, locale).text);

describe("score reasons in words", () => {
  it("speaks German to a German workspace, without developer jargon or decimals", () => {
    expect(texts("de")).toEqual([
      "Name, E-Mail und Telefon bekannt",
      "Auftragswert 12.500 € (volle Punkte ab 100.000 €)",
      "Abschlusschance 60 %",
      "Dringlichkeit hoch",
      "kein Budget genannt",
      "Wunschtermin in 10 Tagen",
      "Quelle API (zählt 50 %)",
    ]);
  });

  it("speaks English to an English workspace", () => {
    expect(texts("en")).toEqual([
      "name, e-mail and phone known",
      "job value €12,500 (full points from €100,000)",
      "chance of winning 60 %",
      "urgency high",
      "no budget stated",
      "desired start in 10 days",
      "source API (counts 50 %)",
    ]);
  });

  it("never shows a decimal point in a number of points or a percentage", () => {
    fc.assert(
      fc.property(scoreFactsArbitrary(now), (facts) =>
        scoreLead(facts, DEFAULT_SCORE_WEIGHTS, now).reasons.every((reason) => {
          const explained = explainScoreReason(reason, "de");
          return Number.isInteger(explained.points) && !/\d[.,]\d+ %/.test(explained.text) && explained.code === reason.finding.code;
        }),
      ),
    );
  });

  it("names the best reasons first and leaves out rules that gave nothing", () => {
    const reasons = scoreLead(lead, DEFAULT_SCORE_WEIGHTS, now).reasons;
    const top = topScoreReasons(reasons);
    expect(top).toHaveLength(3);
    expect(top.map((reason) => reason.rule)).toEqual(["value", "contact", "probability"]);
    expect(topScoreReasons(reasons, 10).every((reason) => reason.points > 0)).toBe(true);
  });

  it("calls a score from 70 hot, from 40 warm and below that cold", () => {
    expect([100, 70, 69, 40, 39, 0].map(scoreTemperature)).toEqual(["hot", "hot", "warm", "warm", "cold", "cold"]);
    expect(temperatureWord(75, "de")).toBe("heiß");
    expect(temperatureWord(20, "de")).toBe("kalt");
    expect(temperatureWord(50, "en")).toBe("warm");
  });
});
