import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decideIdempotentRequest,
  IDEMPOTENCY_ABANDONED_AFTER_MS,
  IDEMPOTENCY_RETENTION_MS,
  isValidIdempotencyKey,
  newIdempotencyClaim,
} from "../../src/domain/idempotency/idempotency.js";

const start = new Date("2026-11-25T09:00:00.000Z");
const later = (ms: number) => new Date(start.getTime() + ms);
const response = { status: 201, headers: {}, body: "{}" };

describe("idempotent request decisions", () => {
  it("proceeds without a record and after the record expired, whatever it held", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.boolean(), (stored, presented, done) => {
        const claim = { ...newIdempotencyClaim("w", "k", stored, start), response: done ? response : null };
        expect(decideIdempotentRequest(null, presented, start).kind).toBe("proceed");
        expect(decideIdempotentRequest(claim, presented, later(IDEMPOTENCY_RETENTION_MS)).kind).toBe("proceed");
      }),
    );
  });

  it("refuses another fingerprint within the retention, done or running", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.boolean(), fc.nat(IDEMPOTENCY_RETENTION_MS - 1), (stored, presented, done, elapsed) => {
        fc.pre(stored !== presented);
        const claim = { ...newIdempotencyClaim("w", "k", stored, start), response: done ? response : null };
        expect(decideIdempotentRequest(claim, presented, later(elapsed)).kind).toBe("mismatch");
      }),
    );
  });

  it("replays a finished answer, and reports a running one as in flight until it counts as abandoned", () => {
    const running = newIdempotencyClaim("w", "k", "fp", start);
    expect(decideIdempotentRequest({ ...running, response }, "fp", later(1000))).toEqual({ kind: "replay", response });
    expect(decideIdempotentRequest(running, "fp", later(IDEMPOTENCY_ABANDONED_AFTER_MS - 1)).kind).toBe("in_flight");
    expect(decideIdempotentRequest(running, "fp", later(IDEMPOTENCY_ABANDONED_AFTER_MS)).kind).toBe("proceed");
  });

  it("accepts 1-255 printable ASCII characters as a key", () => {
    expect(isValidIdempotencyKey("8e03978e-40d5-43e8-bc93-6894a57f9324")).toBe(true);
    expect(isValidIdempotencyKey("")).toBe(false);
    expect(isValidIdempotencyKey("a b")).toBe(false);
    expect(isValidIdempotencyKey("x".repeat(256))).toBe(false);
  });
});
