import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRateLimit, TokenBucketLimiter } from "../../src/adapters/system/token-bucket.js";

describe("parseRateLimit", () => {
  it("reads COUNT/PERIOD with an optional multiplier, and off", () => {
    expect(parseRateLimit("5/10m")).toEqual({ capacity: 5, periodMs: 600_000 });
    expect(parseRateLimit("100/h")).toEqual({ capacity: 100, periodMs: 3_600_000 });
    expect(parseRateLimit(" 30 / 1s ")).toEqual({ capacity: 30, periodMs: 1000 });
    expect(parseRateLimit("OFF")).toBeNull();
  });

  it("refuses anything else with a message that shows the format", () => {
    for (const bad of ["", "5", "0/m", "5/0m", "5/10x", "-1/m", "five/m"]) {
      const parsed = parseRateLimit(bad);
      expect(parsed, bad).toBeInstanceOf(Error);
      expect((parsed as Error).message).toContain("COUNT/PERIOD");
    }
  });
});

describe("TokenBucketLimiter", () => {
  it("allows a burst of the capacity, then refuses with the seconds until the next token", () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ capacity: 3, periodMs: 60_000 }, () => now);
    expect([1, 2, 3].map(() => limiter.take("ip"))).toEqual([
      { allowed: true, remaining: 2, resetSeconds: 20 },
      { allowed: true, remaining: 1, resetSeconds: 40 },
      { allowed: true, remaining: 0, resetSeconds: 60 },
    ]);
    expect(limiter.peek("ip")).toEqual({ allowed: false, retryAfterSeconds: 20, remaining: 0, resetSeconds: 60 });
    expect(limiter.take("ip")).toEqual({ allowed: false, retryAfterSeconds: 20, remaining: 0, resetSeconds: 60 });
    expect(limiter.take("other").allowed).toBe(true);
    now = 19_000;
    expect(limiter.take("ip")).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    now = 20_000;
    expect(limiter.take("ip").allowed).toBe(true);
  });

  it("never allows more than the capacity plus what the elapsed time refills", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1000, max: 100_000 }),
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 200 }),
        (capacity, periodMs, gaps) => {
          let now = 0;
          const limiter = new TokenBucketLimiter({ capacity, periodMs }, () => now);
          let allowed = 0;
          for (const gap of gaps) {
            now += gap;
            if (limiter.take("client").allowed) allowed += 1;
          }
          expect(allowed).toBeLessThanOrEqual(capacity + Math.floor((now * capacity) / periodMs));
        },
      ),
    );
  });

  it("allows a client that waits for Retry-After", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1000, max: 3_600_000 }), (capacity, periodMs) => {
        let now = 0;
        const limiter = new TokenBucketLimiter({ capacity, periodMs }, () => now);
        for (let i = 0; i < capacity; i += 1) limiter.take("client");
        const refused = limiter.take("client");
        expect(refused.allowed).toBe(false);
        now += (refused.allowed ? 0 : refused.retryAfterSeconds) * 1000;
        expect(limiter.take("client").allowed).toBe(true);
      }),
    );
  });

  it("stays bounded: idle clients are forgotten once their buckets are full again", () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ capacity: 1, periodMs: 1000 }, () => now, 100);
    for (let i = 0; i < 1000; i += 1) {
      now += 50;
      limiter.take(`client-${i}`);
    }
    expect(limiter.size).toBeLessThanOrEqual(101);
    const last = "client-999";
    expect(limiter.take(last).allowed).toBe(false); // a recently active client is still remembered
  });
});
