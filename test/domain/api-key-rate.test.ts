import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatApiKeyRate, MAX_RATE_PERIOD_SECONDS, MAX_RATE_REQUESTS, parseApiKeyRate } from "../../src/domain/workspace/api-key-rate.js";

describe("a workspace's API rate per key", () => {
  it("reads the notation of the server's rate settings", () => {
    expect(parseApiKeyRate("6000/m", "perKey")).toEqual({ ok: true, value: { requests: 6000, periodSeconds: 60 } });
    expect(parseApiKeyRate(" 50 / s ", "perKey")).toEqual({ ok: true, value: { requests: 50, periodSeconds: 1 } });
    expect(parseApiKeyRate("100/10M", "perKey")).toEqual({ ok: true, value: { requests: 100, periodSeconds: 600 } });
    expect(parseApiKeyRate("5000/h", "perKey")).toEqual({ ok: true, value: { requests: 5000, periodSeconds: 3600 } });
  });

  it("refuses what is no limit or beyond the bounds, naming the field", () => {
    for (const text of ["", "off", "lots", "6000", "6000/d", "0/m", "-1/m", "1.5/m", `${MAX_RATE_REQUESTS + 1}/m`, "1/25h", "1/0m"]) {
      const read = parseApiKeyRate(text, "perKey");
      expect(read.ok, text).toBe(false);
      if (!read.ok) expect(read.error[0]?.path).toBe("perKey");
    }
  });

  it("writes every rate it reads back to the same rate", () => {
    const rate = fc.record({ requests: fc.integer({ min: 1, max: MAX_RATE_REQUESTS }), periodSeconds: fc.integer({ min: 1, max: MAX_RATE_PERIOD_SECONDS }) });
    fc.assert(fc.property(rate, ({ requests, periodSeconds }) => {
        expect(parseApiKeyRate(formatApiKeyRate({ requests, periodSeconds }), "perKey")).toEqual({ ok: true, value: { requests, periodSeconds } });
      }));
    expect(formatApiKeyRate({ requests: 6000, periodSeconds: 60 })).toBe("6000/m");
    expect(formatApiKeyRate({ requests: 100, periodSeconds: 600 })).toBe("100/10m");
  });
});
