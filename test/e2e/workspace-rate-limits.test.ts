import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLeadport } from "../../src/hosts/library.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { libraryDatabase } from "../support/test-database.js";

/** A second workspace with a secret key of its own, made through the library on the server's database. */
async function workspaceWithKey(server: TestServer, name: string, perKey: string | null): Promise<string> {
  const lp = await createLeadport({ ...libraryDatabase(join(server.dataDir, "leadport.db")), workspace: name, mail: { directory: join(server.dataDir, "mail") } });
  try {
    const issued = await lp.keys.create({ name: "Integration" });
    if (!issued.ok) throw new Error(issued.error.message);
    if (perKey !== null) expect((await lp.rateLimit.set(perKey)).ok).toBe(true);
    return issued.value.plainKey;
  } finally {
    await lp.close();
  }
}

describe("API rate limit per key, set per workspace", () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it("limits the keys of a workspace with a low figure while a workspace on the server default goes on", async () => {
    server = await startTestServer({ LEADPORT_API_RATE_PER_KEY: "100/m" });
    const smallKey = await workspaceWithKey(server, "klein", "3/m");

    const small = [];
    for (let i = 0; i < 4; i += 1) small.push(await server.request("/api/v1/inquiries", { key: smallKey }));
    expect(small.map((response) => response.status)).toEqual([200, 200, 200, 429]);
    expect(small[1]!.headers.get("ratelimit-limit")).toBe("3");
    const limited = small[3]!;
    expect(limited.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get("ratelimit-limit")).toBe("3");
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(limited.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ status: 429, code: "rate_limited" });

    // The default workspace's key keeps the server's figure.
    for (let i = 0; i < 6; i += 1) {
      const answer = await server.request("/api/v1/inquiries");
      expect(answer.status).toBe(200);
      expect(answer.headers.get("ratelimit-limit")).toBe("100");
    }
  });

  it("applies a change made through the API to the next request, and refuses a bad figure naming the field", async () => {
    server = await startTestServer({ LEADPORT_API_RATE_PER_KEY: "100/m" });
    const otherKey = await workspaceWithKey(server, "agentur", null);

    const before = await server.request("/api/v1/settings/rate-limit");
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({ perKey: null, serverDefault: "100/m", effective: "100/m" });

    for (const perKey of ["lots", "0/m", "5/2d", "200000/s", 12]) {
      const refused = await server.request("/api/v1/settings/rate-limit", { method: "PATCH", json: { perKey } });
      expect(refused.status, String(perKey)).toBe(400);
      expect(refused.headers.get("content-type")).toContain("application/problem+json");
      expect((await refused.json()).errors).toEqual([expect.objectContaining({ path: "perKey" })]);
    }
    // Nothing was written.
    expect((await (await server.request("/api/v1/settings/rate-limit")).json()).perKey).toBeNull();

    const changed = await server.request("/api/v1/settings/rate-limit", { method: "PATCH", json: { perKey: "3/m" } });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ perKey: "3/m", serverDefault: "100/m", effective: "3/m" });

    // The change itself was paid under the old figure; three requests pass under the new one, the fourth is refused.
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await server.request("/api/v1/inquiries")).status);
    expect(statuses).toEqual([200, 200, 200, 429]);

    // Another workspace is untouched, and cannot see or change this workspace's setting.
    const other = await server.request("/api/v1/settings/rate-limit", { key: otherKey });
    expect(other.status).toBe(200);
    expect(await other.json()).toEqual({ perKey: null, serverDefault: "100/m", effective: "100/m" });
    expect((await server.request("/api/v1/inquiries", { key: otherKey })).headers.get("ratelimit-limit")).toBe("100");
  });

  it("gives a workspace a limit of its own even where the server limits no key", async () => {
    server = await startTestServer({ LEADPORT_API_RATE_PER_KEY: "off" });
    const smallKey = await workspaceWithKey(server, "klein", "2/h");
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await server.request("/api/v1/inquiries", { key: smallKey })).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect((await server.request("/api/v1/inquiries")).headers.get("ratelimit-limit")).toBeNull();
  });
});
