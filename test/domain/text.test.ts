import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catalogKey, isEmail, normalizeEmail, normalizeName } from "../../src/domain/shared/text.js";

describe("name normalisation", () => {
  it("treats Müller, Mueller and MÜLLER as one name", () => {
    expect(new Set(["Müller", "Mueller", "MÜLLER", "  müller "].map(normalizeName))).toEqual(new Set(["mueller"]));
  });

  it("ignores accents, case and repeated whitespace", () => {
    expect(normalizeName("José   GARCÍA")).toBe(normalizeName("jose garcia"));
    expect(normalizeName("Straße")).toBe("strasse");
  });

  it("is idempotent for any input", () => {
    fc.assert(fc.property(fc.string(), (name) => normalizeName(normalizeName(name)) === normalizeName(name)));
  });

  it("is insensitive to case for any input", () => {
    fc.assert(fc.property(fc.string(), (name) => normalizeName(name.toUpperCase()) === normalizeName(name.toLowerCase())));
  });
});

describe("e-mail normalisation", () => {
  it("trims and lower-cases", () => {
    expect(normalizeEmail("  Max.Mustermann@Example.ORG ")).toBe("max.mustermann@example.org");
  });

  it("accepts ordinary addresses and refuses obvious garbage", () => {
    expect(isEmail("max@example.org")).toBe(true);
    expect(isEmail("max@localhost")).toBe(false);
    expect(isEmail("not an email")).toBe(false);
    expect(isEmail("a@b@c.de")).toBe(false);
  });
});

describe("catalog keys", () => {
  it("finds 'Website' when asked for 'website '", () => {
    expect(catalogKey("website ")).toBe(catalogKey("Website"));
  });
});
