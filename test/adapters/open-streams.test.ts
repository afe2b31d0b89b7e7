import { describe, expect, it } from "vitest";
import { DEFAULT_STREAM_LIMITS, OpenStreams, TooManyStreams } from "../../src/adapters/http/notification-streams.js";

describe("open notification streams", () => {
  it("survives a write after the stream ended instead of emitting an unhandled error", async () => {
    const streams = new OpenStreams(DEFAULT_STREAM_LIMITS);
    const body = streams.admit({ staff: "w/s", keyId: "k" });
    body.resume();
    body.end();
    body.write("late");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(body.destroyed).toBe(true);
    expect(streams.size).toBe(0);
  });

  it("frees a slot when a stream closes", async () => {
    const streams = new OpenStreams({ ...DEFAULT_STREAM_LIMITS, perStaff: 1 });
    const first = streams.admit({ staff: "w/s", keyId: undefined });
    expect(() => streams.admit({ staff: "w/s", keyId: undefined })).toThrow(TooManyStreams);
    first.destroy();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(() => streams.admit({ staff: "w/s", keyId: undefined })).not.toThrow();
  });
});
