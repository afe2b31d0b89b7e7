import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isStreamTokenExpired,
  parseStreamToken,
  STREAM_TOKEN_LIFETIME_MS,
  streamTokenClaims,
  streamTokenSignedText,
} from "../../src/domain/notifications/stream-token.js";

const urlSafeId = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
const instant = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2200-01-01T00:00:00Z"), noInvalidDate: true });

describe("stream token claims", () => {
  it("read back exactly what was signed, for any ids and time", () => {
    fc.assert(
      fc.property(urlSafeId, urlSafeId, instant, urlSafeId, (workspaceId, staffId, now, signature) => {
        const claims = streamTokenClaims(workspaceId, staffId, now);
        const signedText = streamTokenSignedText(claims);
        expect(parseStreamToken(`${signedText}.${signature}`)).toEqual({ claims, signedText, signature });
      }),
    );
  });

  it("are valid for the lifetime (to the second) and expired from then on", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: STREAM_TOKEN_LIFETIME_MS * 2 }), (now, elapsed) => {
        const claims = streamTokenClaims("ws", "staff", now);
        const later = new Date(now.getTime() + elapsed);
        const lifetimeLeft = claims.expiresAt.getTime() - now.getTime();
        expect(lifetimeLeft).toBeGreaterThan(STREAM_TOKEN_LIFETIME_MS - 1000);
        expect(lifetimeLeft).toBeLessThanOrEqual(STREAM_TOKEN_LIFETIME_MS);
        expect(isStreamTokenExpired(claims, later)).toBe(elapsed >= lifetimeLeft);
      }),
    );
  });

  it("reject anything that is not a well-formed token", () => {
    for (const token of ["", "garbage", "st1.ws.staff.1795687353", "st2.ws.staff.1795687353.sig", "st1.ws.staff.soon.sig", "st1.ws.st aff.1795687353.sig", "st1.ws.staff.1795687353.sig.extra", "st1..staff.1795687353.sig"]) {
      expect(parseStreamToken(token)).toBeNull();
    }
    expect(() => streamTokenSignedText({ workspaceId: "a.b", staffId: "s", expiresAt: new Date() })).toThrow();
  });
});
