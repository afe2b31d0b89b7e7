import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holdReasonsOf, spamPattern } from "../../src/domain/inquiry/spam.js";

describe("holding suspected spam", () => {
  it("holds for speed exactly when the form was sent sooner than the minimum after it was loaded", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 120_000 }), (minFillSeconds, elapsedMs) => {
        const reasons = holdReasonsOf(
          { honeypotFilled: false, loadedAtMs: 1_000_000, submittedAtMs: 1_000_000 + elapsedMs, texts: [] },
          { minFillSeconds, patterns: [] },
        );
        expect(reasons.includes("too_fast")).toBe(elapsedMs < minFillSeconds * 1000);
      }),
    );
  });

  it("never judges a submission on speed when the page did not say when it loaded the form", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3600 }), fc.integer(), (minFillSeconds, submittedAtMs) => {
        expect(holdReasonsOf({ honeypotFilled: false, loadedAtMs: null, submittedAtMs, texts: [] }, { minFillSeconds, patterns: [] })).toEqual([]);
      }),
    );
  });

  it("finds a plain pattern in any text, whatever its case, and treats its special characters literally", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.string(), fc.string(), (needle, before, after) => {
        const pattern = spamPattern(needle.trim() === "" ? "x" : needle);
        const word = needle.trim() === "" ? "x" : needle;
        expect(pattern.test(`${before}${word.toUpperCase()}${after}`) || pattern.test(`${before}${word}${after}`)).toBe(true);
      }),
    );
    expect(spamPattern("a.b").test("axb")).toBe(false);
  });

  it("lists every reason that applies, honeypot first", () => {
    expect(
      holdReasonsOf({ honeypotFilled: true, loadedAtMs: 0, submittedAtMs: 100, texts: ["CASINO"] }, { minFillSeconds: 3, patterns: [spamPattern("casino")] }),
    ).toEqual(["honeypot", "too_fast", "pattern"]);
  });
});
