import { describe, expect, it } from "vitest";
import { UuidV7Ids } from "../../src/adapters/system/uuid-v7-ids.js";

describe("UUIDv7 ids from pooled randomness", () => {
  it("hands out distinct, well-formed ids that sort by creation across many refills of the pool", () => {
    const ids = new UuidV7Ids();
    const made = Array.from({ length: 2000 }, () => ids.newId());
    expect(new Set(made).size).toBe(made.length);
    for (const id of made) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...made].sort()).toEqual(made);
    // The random tails differ even where the timestamps agree.
    expect(new Set(made.map((id) => id.slice(24))).size).toBe(made.length);
  });
});
