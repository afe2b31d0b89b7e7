import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { probeLatencies } from "../support/latency.js";
import { startTestServer, type TestServer } from "../support/server.js";

const LOCK_WAIT_MS = 1000;

const anInquiry = (email: string) => ({ title: "Dachsanierung", contact: { name: "Max Mustermann", email } });

describe("a database locked by another process", () => {
  let server: TestServer;
  let holder: Database.Database;

  beforeEach(async () => {
    server = await startTestServer({ LEADPORT_LOCK_WAIT_MS: String(LOCK_WAIT_MS) });
    // Authenticate once so the key's last-used time is fresh and nothing else is pending.
    expect((await server.request("/api/v1/inquiries")).status).toBe(200);
    // That time is written beside the request, and its group commit ends a loop turn later
    // (docs/adr/0011). The holder below blocks this process's event loop while it waits for the
    // lock, and the server runs in this process: let the commit finish first.
    await new Promise((resolve) => setTimeout(resolve, 50));
    // A stalled importer, a backup or a sqlite3 shell: a second connection holding the write lock.
    holder = new Database(join(server.dataDir, "leadport.db"));
  });

  afterEach(async () => {
    if (holder.inTransaction) holder.exec("ROLLBACK");
    holder.close();
    await server.stop();
  });

  it("answers a write 503 with Retry-After within the configured wait, keeps /healthz answering and stores nothing", async () => {
    holder.exec("BEGIN IMMEDIATE");
    const started = performance.now();
    const post = server.request("/api/v1/inquiries", { method: "POST", json: anInquiry("locked@example.org") });
    const probes = await probeLatencies(`${server.url}/healthz`, { until: post, maxMs: 5000 });
    const response = await post;
    const elapsed = performance.now() - started;

    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await response.json()).toMatchObject({ status: 503, code: "storage_busy" });
    expect(elapsed).toBeGreaterThanOrEqual(LOCK_WAIT_MS - 50);
    expect(elapsed).toBeLessThan(LOCK_WAIT_MS + 1000);
    expect(probes.length).toBeGreaterThan(5);
    expect(Math.max(...probes), "slowest /healthz while the write waited").toBeLessThan(250);

    // Reads do not need the lock.
    const listed = await server.request("/api/v1/inquiries");
    expect(listed.status).toBe(200);

    holder.exec("ROLLBACK");
    const after = await (await server.request("/api/v1/inquiries?q=locked@example.org")).json();
    expect(after.items).toEqual([]);
    expect((await server.request("/api/v1/inquiries", { method: "POST", json: anInquiry("later@example.org") })).status).toBe(201);
  });

  it("answers reads with 200 while the lock is held", async () => {
    expect((await server.request("/api/v1/inquiries", { method: "POST", json: anInquiry("before@example.org") })).status).toBe(201);
    holder.exec("BEGIN IMMEDIATE");
    const started = performance.now();
    const listed = await server.request("/api/v1/inquiries");
    expect(listed.status).toBe(200);
    expect((await listed.json()).items).toHaveLength(1);
    expect((await server.request("/api/v1/customers")).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("stores a write that waited for a lock released within the wait", async () => {
    holder.exec("BEGIN IMMEDIATE");
    const post = server.request("/api/v1/inquiries", { method: "POST", json: anInquiry("patient@example.org") });
    await new Promise((resolve) => setTimeout(resolve, 300));
    holder.exec("COMMIT");
    const response = await post;
    expect(response.status).toBe(201);
    expect((await server.request(`/api/v1/inquiries/${(await response.json()).id}`)).status).toBe(200);
  });

  it("answers the seed endpoint 503 in its own reply shape with Retry-After", async () => {
    holder.exec("BEGIN IMMEDIATE");
    const response = await server.request("/api/v1/lead.php", {
      method: "POST",
      headers: { "X-API-KEY": server.key },
      key: null,
      body: JSON.stringify({ type: "ticket", name: "Max Mustermann", email: "seed@example.org", message: "Bitte anrufen" }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const body = await response.json();
    expect(Object.keys(body)).toEqual(["status", "message"]);
    expect(body.status).toBe("error");
  });
});
