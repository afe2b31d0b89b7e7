import { describe, expect, it } from "vitest";
import { createLeadport } from "../../src/hosts/library.js";
import { libraryDatabase } from "../support/test-database.js";

describe("the library's score weights", () => {
  it("gets, sets and rescores in the bound workspace only", async () => {
    const lp = await createLeadport(libraryDatabase(":memory:"));
    try {
      const other = await lp.forWorkspace("filiale-nord");
      const old = await lp.inquiries.create({ contact: { name: "Erika", email: "erika@example.org" }, expectedValue: 9800 });
      if (!old.ok) throw new Error(old.error.message);

      expect(await lp.scoreWeights.set({ probability: 0, urgency: 35 })).toMatchObject({ ok: true, value: { probability: 0, urgency: 35, value: 20 } });
      expect(await lp.scoreWeights.get()).toMatchObject({ ok: true, value: { probability: 0, urgency: 35 } });
      expect(await other.scoreWeights.get()).toMatchObject({ ok: true, value: { probability: 20, urgency: 15 } });
      expect(await lp.scoreWeights.set({ urgency: -2 })).toMatchObject({ ok: false, error: { code: "validation_failed", issues: [{ path: "urgency" }] } });

      expect(await lp.scoreWeights.rescore()).toEqual({ ok: true, value: { scanned: 1, changed: 1 } });
      const after = await lp.inquiries.get(old.value.inquiry.id);
      expect(after.ok && after.value.leadScoreReasons.find((reason) => reason.rule === "urgency")?.maxPoints).toBe(35);
      expect(await other.scoreWeights.rescore()).toEqual({ ok: true, value: { scanned: 0, changed: 0 } });
    } finally {
      await lp.close();
    }
  });
});
