import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changeRetention, DEFAULT_RETENTION, retentionCutoffs, retentionPolicyOf } from "../../src/domain/workspace/retention.js";

describe("retention periods", () => {
  it("keeps closed tickets, lost inquiries and survey answers by default and lets delivered events go after 30 days", () => {
    const now = new Date("2026-12-01T10:00:00.000Z");
    expect(retentionCutoffs(DEFAULT_RETENTION, now)).toEqual({
      closedTicketsBefore: null,
      lostInquiriesBefore: null,
      deliveredEventsBefore: "2026-11-01T10:00:00.000Z",
      surveyResponsesBefore: null,
    });
  });

  it("counts calendar months back, landing on the month's last day when the day does not exist", () => {
    const policy = { closedTicketsMonths: 1, lostInquiriesMonths: 12, deliveredEventsDays: null, surveyResponsesDays: 7 };
    expect(retentionCutoffs(policy, new Date("2026-03-31T08:00:00.000Z"))).toEqual({
      closedTicketsBefore: "2026-02-28T08:00:00.000Z",
      lostInquiriesBefore: "2025-03-31T08:00:00.000Z",
      deliveredEventsBefore: null,
      surveyResponsesBefore: "2026-03-24T08:00:00.000Z",
    });
  });

  it("never puts a cutoff after now (property)", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }), fc.integer({ min: 1, max: 1200 }), (now, months) => {
        const cutoffs = retentionCutoffs({ closedTicketsMonths: months, lostInquiriesMonths: null, deliveredEventsDays: months, surveyResponsesDays: null }, now);
        expect(cutoffs.closedTicketsBefore! < now.toISOString()).toBe(true);
        expect(cutoffs.deliveredEventsBefore! < now.toISOString()).toBe(true);
      }),
    );
  });

  it("accepts whole positive periods or null, and names each bad setting", () => {
    expect(changeRetention(DEFAULT_RETENTION, { closedTicketsMonths: 24, deliveredEventsDays: null })).toEqual({
      ok: true,
      value: { closedTicketsMonths: 24, lostInquiriesMonths: null, deliveredEventsDays: null, surveyResponsesDays: null },
    });
    const bad = changeRetention(DEFAULT_RETENTION, { closedTicketsMonths: 0, lostInquiriesMonths: 1.5, surveyResponsesDays: 36501 });
    expect(bad.ok ? [] : bad.error.map((issue) => issue.path)).toEqual(["closedTicketsMonths", "lostInquiriesMonths", "surveyResponsesDays"]);
  });

  it("gives a policy stored before a setting existed that setting's default", () => {
    const stored = { closedTicketsMonths: 24, lostInquiriesMonths: null, deliveredEventsDays: 10 };
    expect(retentionPolicyOf(stored)).toEqual({ ...stored, surveyResponsesDays: null });
    expect(retentionPolicyOf(undefined)).toEqual(DEFAULT_RETENTION);
  });
});
