import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysUntil, isCalendarDate } from "../../src/domain/shared/dates.js";
import { centsToEuros, eurosToCents, formatEuros } from "../../src/domain/shared/money.js";

describe("money", () => {
  it("converts euros with up to two decimals to integer cents", () => {
    expect(eurosToCents(49.9)).toBe(4990);
    expect(eurosToCents(0.1 + 0.2)).toBe(30);
    expect(eurosToCents(12500.5)).toBe(1250050);
  });

  it("refuses fractions of a cent and non-numbers", () => {
    expect(eurosToCents(1.005)).toBeNull();
    expect(eurosToCents(Number.NaN)).toBeNull();
    expect(eurosToCents(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it("round-trips every cent amount", () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => eurosToCents(centsToEuros(cents)) === cents));
  });

  it("formats money the German way", () => {
    expect(formatEuros(4990)).toBe("49,90 €");
    expect(formatEuros(1250050)).toBe("12.500,50 €");
  });
});

describe("calendar dates", () => {
  it("accepts real dates only", () => {
    expect(isCalendarDate("2026-12-31")).toBe(true);
    expect(isCalendarDate("2026-02-30")).toBe(false);
    expect(isCalendarDate("31.12.2026")).toBe(false);
  });

  it("counts whole days regardless of the time of day", () => {
    expect(daysUntil("2026-11-26", new Date("2026-11-25T23:59:00Z"))).toBe(1);
    expect(daysUntil("2026-11-20", new Date("2026-11-25T00:00:00Z"))).toBe(-5);
  });
});
