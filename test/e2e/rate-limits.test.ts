import { afterEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

describe("API rate limits", () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it("limits each secret key with 429, Retry-After and RateLimit-* headers, leaving other keys alone", async () => {
    server = await startTestServer({ LEADPORT_API_RATE_PER_KEY: "3/m" });
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await server.request("/api/v1/inquiries"));
    expect(answers.map((response) => response.status)).toEqual([200, 200, 200, 429]);
    expect(answers[0]!.headers.get("ratelimit-limit")).toBe("3");
    expect(answers[0]!.headers.get("ratelimit-remaining")).toBe("2");
    const limited = answers[3]!;
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(limited.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ status: 429, code: "rate_limited" });
    // Health checks are never limited.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("answers a limited lead.php in the seed's own error shape", async () => {
    server = await startTestServer({ LEADPORT_API_RATE_PER_KEY: "1/m" });
    const send = () =>
      fetch(`${server!.url}/api/v1/lead.php`, {
        method: "POST",
        headers: { "X-API-KEY": server!.key },
        body: JSON.stringify({ type: "ticket", email: "a@example.org", message: "Hallo" }),
      });
    expect((await send()).status).toBe(200);
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).not.toBeNull();
    expect(await limited.json()).toMatchObject({ status: "error" });
  });

  it("limits unauthenticated traffic per client address", async () => {
    server = await startTestServer({ LEADPORT_API_RATE_PER_IP: "2/m" });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await server.request("/api/v1/inquiries", { key: null })).status);
    expect(statuses).toEqual([401, 401, 429]);
    // A secret key has its own bucket.
    expect((await server.request("/api/v1/inquiries")).status).toBe(200);
  });

  it("refuses an address after repeated wrong keys, even with a right key, and logs each bad key without the key", async () => {
    server = await startTestServer({ LEADPORT_AUTH_FAILURES_PER_IP: "3/h" });
    const wrong = "lp_live_this-key-does-not-exist";
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await server.request("/api/v1/inquiries", { key: wrong })).status);
    expect(statuses).toEqual([403, 403, 403, 429]);
    const afterwards = await server.request("/api/v1/inquiries");
    expect(afterwards.status).toBe(429);
    expect(Number(afterwards.headers.get("retry-after"))).toBeGreaterThan(60);
    const log = server.output.join("\n");
    expect(log.match(/"reason":"bad_key"/g)).toHaveLength(3);
    expect(log).toContain('"reason":"auth_failures"');
    expect(log).not.toContain(wrong);
  });
});
