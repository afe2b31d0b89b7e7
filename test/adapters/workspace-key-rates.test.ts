import { describe, expect, it } from "vitest";
import { WorkspaceKeyRates } from "../../src/adapters/http/workspace-key-rates.js";
import type { ApiKeyRate } from "../../src/domain/workspace/api-key-rate.js";

describe("the limiter's cache of workspace rates", () => {
  function setUp(stored: Map<string, ApiKeyRate | null>) {
    let now = 0;
    let reads = 0;
    const rates = new WorkspaceKeyRates({
      ttlMs: 5000,
      now: () => now,
      load: async (workspaceId) => {
        reads += 1;
        return stored.get(workspaceId) ?? null;
      },
    });
    return { rates, advance: (ms: number) => (now += ms), reads: () => reads };
  }

  it("gives an unknown key the default, and a known key its workspace's rate without reading again", async () => {
    const { rates, reads } = setUp(new Map([["ws-1", { requests: 3, periodSeconds: 60 }]]));
    expect(rates.rateOfKey("hash-a")).toBeNull();
    await rates.learn("hash-a", "ws-1");
    await rates.learn("hash-b", "ws-1");
    for (let i = 0; i < 10; i += 1) expect(rates.rateOfKey("hash-a")).toEqual({ capacity: 3, periodMs: 60_000 });
    expect(reads()).toBe(1);
  });

  it("reads a change from another process again once the figure is older than the TTL", async () => {
    const stored = new Map<string, ApiKeyRate | null>([["ws-1", { requests: 3, periodSeconds: 60 }]]);
    const { rates, advance, reads } = setUp(stored);
    await rates.learn("hash-a", "ws-1");
    stored.set("ws-1", { requests: 6000, periodSeconds: 60 });
    advance(4999);
    expect(rates.rateOfKey("hash-a")?.capacity).toBe(3);
    advance(1);
    // The stale figure answers this request; the new one is read beside it.
    expect(rates.rateOfKey("hash-a")?.capacity).toBe(3);
    await Promise.resolve();
    expect(rates.rateOfKey("hash-a")?.capacity).toBe(6000);
    expect(reads()).toBe(2);
  });

  it("applies a change made in this process at once", async () => {
    const { rates } = setUp(new Map());
    await rates.learn("hash-a", "ws-1");
    expect(rates.rateOfKey("hash-a")).toBeNull();
    rates.remember("ws-1", { requests: 10, periodSeconds: 1 });
    expect(rates.rateOfKey("hash-a")).toEqual({ capacity: 10, periodMs: 1000 });
  });
});
