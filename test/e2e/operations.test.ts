import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteDatabase } from "../../src/adapters/sqlite/sqlite-database.js";
import { BIN } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { cliEnvironment, queryDatabase } from "../support/test-database.js";

const INQUIRY = { title: "Dach", contact: { name: "Max Mustermann", email: "max@example.org" } };

describe("security headers and readiness", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.stop();
  });

  const expectBaseHeaders = (response: Response) => {
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  };

  it("sends nosniff, Referrer-Policy and a CSP on JSON answers, problems and unknown routes", async () => {
    for (const response of [await server.request("/api/v1/inquiries"), await server.request("/api/v1/inquiries", { key: "wrong" }), await fetch(`${server.url}/nowhere`)]) {
      expectBaseHeaders(response);
      expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    }
  });

  it("gives HTML pages a strict CSP that still lets the API reference load its own scripts", async () => {
    const docs = await fetch(`${server.url}/docs`);
    expectBaseHeaders(docs);
    const csp = docs.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("base-uri 'none'");
  });

  it("sandboxes attachment downloads", async () => {
    const created = await (await server.request("/api/v1/inquiries", { method: "POST", json: INQUIRY })).json();
    const form = new FormData();
    form.append("file", new Blob(["<script>alert(1)</script>"], { type: "text/html" }), "evil.html");
    const uploaded = await (await server.request(`/api/v1/inquiries/${created.id}/attachments`, { method: "POST", body: form })).json();
    const download = await server.request(`/api/v1/inquiries/${created.id}/attachments/${uploaded.items[0].id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-security-policy")).toMatch(/^sandbox/);
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers /readyz with 200 beside /healthz while the database is current", async () => {
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("reports a database with pending migrations as not ready", () => {
    const dir = mkdtempSync(join(tmpdir(), "leadport-ready-"));
    const database = new SqliteDatabase({ path: join(dir, "old.db"), migrate: false });
    try {
      database.db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
      expect(database.readiness()).toMatch(/version 0.*leadport migrate/);
    } finally {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A POST whose body arrives in two halves, `pauseMs` apart: it is in flight for at least that long. */
function slowPost(url: string, key: string, pauseMs: number, sent: () => void): Promise<number> {
  const body = Buffer.from(JSON.stringify({ ...INQUIRY, title: "Langsam" }));
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/v1/inquiries`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "Content-Length": body.length },
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.write(body.subarray(0, 10));
    req.flushHeaders();
    setTimeout(sent, 100);
    setTimeout(() => req.end(body.subarray(10)), pauseMs);
  });
}

describe("graceful shutdown of leadport serve", () => {
  it("answers every request in flight at SIGTERM and stores every one it answered with 2xx", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "leadport-sigterm-"));
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0"], { env: cliEnvironment([], { LEADPORT_DATA_DIR: dataDir }) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start:\n${stdout}${stderr}`)), 20_000);
        child.stdout.on("data", () => {
          if (stdout.includes("Leadport listening on")) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const url = stdout.match(/listening on (http:\/\/\S+)/)![1]!;
      const key = stdout.match(/lp_live_[\w-]+/)![0];

      let slowStarted!: () => void;
      const started = new Promise<void>((resolve) => (slowStarted = resolve));
      const slow = slowPost(url, key, 1500, slowStarted);
      const burst = Array.from({ length: 30 }, (_, i) =>
        fetch(`${url}/api/v1/inquiries`, {
          method: "POST",
          headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
          body: JSON.stringify({ ...INQUIRY, title: `Burst ${i}` }),
        }).then(
          (response) => response.status,
          () => 0,
        ),
      );
      await started;
      child.kill("SIGTERM");

      expect(await slow).toBe(201);
      const statuses = await Promise.all(burst);
      expect(await exited).toBe(0);
      const answered = statuses.filter((status) => status >= 200 && status < 300).length + 1;
      const [stored] = await queryDatabase<{ n: number | string }>(join(dataDir, "leadport.db"), "SELECT COUNT(*) AS n FROM inquiries");
      expect(Number(stored!.n)).toBe(answered);
      expect(stderr).toContain("Shutting down");
    } finally {
      child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
