import { randomInt } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { runLeadport } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

const randomAddress = () => `${randomInt(1, 223)}.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

describe("the per-address form limit behind reverse proxies", () => {
  let server: TestServer;

  afterEach(async () => {
    await server.stop();
  });

  async function start(trustProxy: string): Promise<(forwardedFor: string) => Promise<number>> {
    server = await startTestServer({ LEADPORT_TRUST_PROXY: trustProxy, LEADPORT_FORM_RATE_PER_IP: "1/1h", LEADPORT_FORM_RATE_PER_KEY: "off" });
    const run = await runLeadport(["keys", "create", "--name", "Website", "--publishable", "--origin", "https://www.example.org"], { LEADPORT_DATA_DIR: server.dataDir });
    expect(run.code, run.stderr).toBe(0);
    const key = run.stdout.trim().split("\n").pop()!;
    return async (forwardedFor) => {
      const response = await fetch(`${server.url}/api/v1/forms/inquiry`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-For": forwardedFor },
        body: JSON.stringify({ key, name: "Rita Rate", email: "rita@example.org", message: "Hallo" }),
      });
      return response.status;
    };
  }

  it("with one proxy, takes the address the proxy saw and ignores what the client wrote before it", async () => {
    const submit = await start("1");
    expect(await submit(`${randomAddress()}, 203.0.113.7`)).toBe(201);
    // The same client, now claiming to be someone else in front of the proxy's entry.
    expect(await submit(`${randomAddress()}, 203.0.113.7`)).toBe(429);
    expect(await submit(`${randomAddress()}, ${randomAddress()}, 203.0.113.7`)).toBe(429);
    // Another client behind the same proxy has its own bucket.
    expect(await submit(`${randomAddress()}, 198.51.100.9`)).toBe(201);
  });

  it("with two proxies, takes the second address from the right", async () => {
    const submit = await start("2");
    expect(await submit(`${randomAddress()}, 203.0.113.7, 10.0.0.1`)).toBe(201);
    expect(await submit(`${randomAddress()}, 203.0.113.7, 10.0.0.1`)).toBe(429);
    expect(await submit(`${randomAddress()}, 198.51.100.9, 10.0.0.1`)).toBe(201);
  });

  it("keeps `true` meaning one proxy", async () => {
    const submit = await start("true");
    expect(await submit(`${randomAddress()}, 203.0.113.7`)).toBe(201);
    expect(await submit(`${randomAddress()}, 203.0.113.7`)).toBe(429);
  });

  it("without a trusted proxy, ignores X-Forwarded-For entirely", async () => {
    const submit = await start("0");
    expect(await submit(randomAddress())).toBe(201);
    expect(await submit(randomAddress())).toBe(429);
  });
});
