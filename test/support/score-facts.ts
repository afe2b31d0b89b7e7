import fc from "fast-check";
import { URGENCIES } from "../../src/domain/inquiry/inquiry.js";
import type { ScoreFacts } from "../../src/domain/inquiry/lead-score.js";

/** Any facts an inquiry can give the score, with desired starts from long past to far ahead of `now`. */
export function scoreFactsArbitrary(now: Date): fc.Arbitrary<ScoreFacts> {
  const cents = fc.option(fc.integer({ min: 0, max: 10_000_000_000 }), { nil: null });
  return fc.record({
    contact: fc.record({ name: fc.boolean(), email: fc.boolean(), phone: fc.boolean(), address: fc.boolean() }),
    expectedValueCents: cents,
    probability: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    urgency: fc.constantFrom(...URGENCIES),
    budgetMinCents: cents,
    budgetMaxCents: cents,
    desiredStartDate: fc.option(
      fc.integer({ min: -400, max: 800 }).map((days) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10)),
      { nil: null },
    ),
    source: fc.constantFrom("API", "Website", "Empfehlung"),
    sourceWeight: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  });
}
