import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isRecordLinkExpired,
  parseRecordLink,
  RECORD_KINDS,
  recordLinkClaims,
  recordLinkSignedText,
  recordPagePath,
} from "../../src/domain/notifications/record-link.js";

const urlSafeId = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
const instant = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2200-01-01T00:00:00Z"), noInvalidDate: true });
const DAY = 24 * 60 * 60 * 1000;

describe("record links", () => {
  it("read back exactly what was signed, for any ids, record kind and time", () => {
    fc.assert(
      fc.property(urlSafeId, urlSafeId, fc.constantFrom(...RECORD_KINDS), urlSafeId, instant, urlSafeId, (ws, staff, kind, record, now, signature) => {
        const claims = recordLinkClaims(ws, staff, kind, record, now, 14);
        const signedText = recordLinkSignedText(claims);
        expect(parseRecordLink(`${signedText}.${signature}`)).toEqual({ claims, signedText, signature });
      }),
    );
  });

  it("are valid for the configured days and expired from then on", () => {
    const now = new Date("2026-11-25T09:00:00Z");
    const claims = recordLinkClaims("ws", "staff", "inquiry", "inq", now, 14);
    expect(isRecordLinkExpired(claims, new Date(now.getTime() + 14 * DAY - 1000))).toBe(false);
    expect(isRecordLinkExpired(claims, new Date(now.getTime() + 14 * DAY))).toBe(true);
  });

  it("are not taken for a stream token or anything malformed", () => {
    for (const token of ["", "rl1", "st1.ws.staff.1797309226.sig", "rl1.ws.staff.x.inq.1797309226.sig", "rl1.ws.staff.i.inq.0.sig", "rl1.w s.staff.i.inq.1797309226.sig"]) {
      expect(parseRecordLink(token)).toBeNull();
    }
  });

  it("lead to the record's page with the token as t", () => {
    expect(recordPagePath("ticket", "t-1", "rl1.a.b.t.t-1.5.sig")).toBe("/app/tickets/t-1?t=rl1.a.b.t.t-1.5.sig");
  });
});
