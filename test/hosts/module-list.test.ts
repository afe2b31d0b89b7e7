import { describe, expect, it } from "vitest";
import { FEATURE_MODULES } from "../../src/hosts/modules/index.js";

describe("the list of feature modules", () => {
  it("names every module once, in lower case (the name is also its migration history's)", () => {
    const names = FEATURE_MODULES.map((module) => module.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z-]*$/);
  });

  it("holds only modules that offer something to a host", () => {
    const parts = ["storage", "register", "outboxHandlers", "http", "cli", "library", "background"] as const;
    const empty = FEATURE_MODULES.filter((module) => parts.every((part) => module[part as keyof typeof module] === undefined));
    expect(empty.map((module) => module.name)).toEqual([]);
  });
});
