import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sameValue } from "../../src/domain/shared/same-value.js";

/** The value with every object's keys in reverse order, as a storage may hand it back. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reordered(inner)]));
}

/** JSON text with sorted keys: equal exactly when the values are equal as JSON. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

describe("sameValue", () => {
  it("finds a value equal to itself with its objects' keys reordered", () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => sameValue(value, reordered(value))));
  });

  it("agrees with comparing the values as JSON with sorted keys", () => {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => sameValue(a, b) === (canonical(a) === canonical(b))));
  });

  it("tells apart what JSON tells apart", () => {
    expect(sameValue({ street: "Hauptstr. 1", city: "Köln" }, { city: "Köln", street: "Hauptstr. 1" })).toBe(true);
    expect(sameValue({ city: "Köln" }, { city: "Bonn" })).toBe(false);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue(null, {})).toBe(false);
    expect(sameValue({ a: undefined }, {})).toBe(true);
  });
});
