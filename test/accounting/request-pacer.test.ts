import { describe, expect, it } from "vitest";
import { RequestPacer } from "../../src/adapters/accounting/lexoffice/request-pacer.js";

describe("the request pacer (Lexware Office: 2 requests per second)", () => {
  it("lets requests go evenly spaced, in the order they asked", async () => {
    let now = 0;
    const sent: Array<[number, number]> = [];
    const pacer = new RequestPacer(1, 500, () => now, async (ms) => void (now += ms));
    await Promise.all([0, 1, 2, 3, 4].map((n) => pacer.take().then(() => sent.push([n, now]))));
    expect(sent).toEqual([[0, 0], [1, 500], [2, 1000], [3, 1500], [4, 2000]]);
  });

  it("never lets more than two go within any second", async () => {
    let now = 0;
    const times: number[] = [];
    const pacer = new RequestPacer(1, 500, () => now, async (ms) => void (now += ms));
    for (let i = 0; i < 20; i += 1) {
      await pacer.take();
      times.push(now);
      now += (i * 37) % 300; // the caller's own pace varies
    }
    for (const start of times) expect(times.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(2);
  });
});
