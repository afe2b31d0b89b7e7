import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../../src/hosts/config.js";

describe("LEADPORT_TRUST_PROXY", () => {
  it.each([
    [undefined, 0],
    ["", 0],
    ["0", 0],
    ["false", 0],
    ["no", 0],
    ["1", 1],
    ["true", 1],
    ["YES", 1],
    ["2", 2],
  ])("reads %j as %i trusted proxy hops", (value, hops) => {
    expect(readConfig({ LEADPORT_TRUST_PROXY: value }).trustProxy).toBe(hops);
  });

  it.each(["-1", "1.5", "maybe"])("refuses %j at start-up", (value) => {
    expect(() => readConfig({ LEADPORT_TRUST_PROXY: value })).toThrow(ConfigError);
  });
});

describe("LEADPORT_PUBLIC_URL", () => {
  it("is kept without its trailing slash, or null when unset", () => {
    expect(readConfig({ LEADPORT_PUBLIC_URL: "https://leads.example.de/" }).publicUrl).toBe("https://leads.example.de");
    expect(readConfig({}).publicUrl).toBeNull();
  });

  it.each(["leads.example.de", "ftp://leads.example.de"])("refuses %j at start-up", (value) => {
    expect(() => readConfig({ LEADPORT_PUBLIC_URL: value })).toThrow(ConfigError);
  });
});

describe("LEADPORT_FORM_REQUIRE_CONSENT", () => {
  it("is off unless set to true", () => {
    expect(readConfig({}).formRequireConsent).toBe(false);
    expect(readConfig({ LEADPORT_FORM_REQUIRE_CONSENT: "true" }).formRequireConsent).toBe(true);
    expect(readConfig({ LEADPORT_FORM_REQUIRE_CONSENT: "no" }).formRequireConsent).toBe(false);
  });

  it("refuses a value that is neither", () => {
    expect(() => readConfig({ LEADPORT_FORM_REQUIRE_CONSENT: "maybe" })).toThrow(ConfigError);
  });
});

describe("LEADPORT_LINK_TTL_DAYS", () => {
  it("defaults to 14 days and takes a whole number of days", () => {
    expect(readConfig({}).notifications.linkTtlDays).toBe(14);
    expect(readConfig({ LEADPORT_LINK_TTL_DAYS: "30" }).notifications.linkTtlDays).toBe(30);
  });

  it.each(["0", "-3", "1.5", "zwei"])("refuses %j at start-up, naming the setting", (value) => {
    expect(() => readConfig({ LEADPORT_LINK_TTL_DAYS: value })).toThrow(/LEADPORT_LINK_TTL_DAYS/);
  });
});

describe("LEADPORT_FORM_MIN_FILL_SECONDS and LEADPORT_SPAM_PATTERNS", () => {
  it("defaults to 3 seconds and no patterns; 0 switches the speed check off", () => {
    expect(readConfig({}).spamRules).toEqual({ minFillSeconds: 3, patterns: [] });
    expect(readConfig({ LEADPORT_FORM_MIN_FILL_SECONDS: "0" }).spamRules.minFillSeconds).toBe(0);
    expect(() => readConfig({ LEADPORT_FORM_MIN_FILL_SECONDS: "soon" })).toThrow(/LEADPORT_FORM_MIN_FILL_SECONDS/);
  });

  it("reads substrings and /regular expressions/, comma-separated or as a JSON array, case-insensitive", () => {
    const { patterns } = readConfig({ LEADPORT_SPAM_PATTERNS: "a.b, /cheap\\s+seo/" }).spamRules;
    expect(patterns.map((p) => p.test("xA.Bx"))).toEqual([true, false]);
    expect(patterns[0]!.test("axb")).toBe(false);
    expect(patterns[1]!.test("CHEAP  SEO")).toBe(true);
    expect(readConfig({ LEADPORT_SPAM_PATTERNS: '["/x{1,2}y/", "casino"]' }).spamRules.patterns).toHaveLength(2);
  });

  it("refuses a broken regular expression or JSON at start-up, naming the setting and the pattern", () => {
    expect(() => readConfig({ LEADPORT_SPAM_PATTERNS: "ok, /(unclosed/" })).toThrow(ConfigError);
    expect(() => readConfig({ LEADPORT_SPAM_PATTERNS: "ok, /(unclosed/" })).toThrow(/LEADPORT_SPAM_PATTERNS: "\/\(unclosed\/"/);
    expect(() => readConfig({ LEADPORT_SPAM_PATTERNS: "[1, 2]" })).toThrow(/LEADPORT_SPAM_PATTERNS/);
  });
});

describe("LEADPORT_MAX_BULK_ITEMS", () => {
  it("defaults to 1000 and takes a positive whole number", () => {
    expect(readConfig({}).bulkLimits).toEqual({ maxItems: 1000 });
    expect(readConfig({ LEADPORT_MAX_BULK_ITEMS: "50" }).bulkLimits).toEqual({ maxItems: 50 });
  });

  it.each(["0", "-3", "1.5", "many"])("refuses %j at start-up, naming the setting", (value) => {
    expect(() => readConfig({ LEADPORT_MAX_BULK_ITEMS: value })).toThrow(/LEADPORT_MAX_BULK_ITEMS/);
  });
});
