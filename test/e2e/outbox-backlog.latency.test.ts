import { randomUUID } from "node:crypto";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { probeLatencies } from "../support/latency.js";
import { startTestServer, type TestServer } from "../support/server.js";

const BACKLOG = 40_000;

describe("the outbox dispatcher beside the API", () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.stop();
    server = null;
  });

  it("keeps /healthz answering within 250 ms while a backlog of 40,000 events drains", async () => {
    server = await startTestServer();
    const created = await server.request("/api/v1/inquiries", {
      method: "POST",
      json: { title: "Dachsanierung", contact: { name: "Max Mustermann", email: "max@example.org" } },
    });
    expect(created.status).toBe(201);

    // A second connection writes the backlog an import of 20,000 rows leaves behind, in one go.
    const db = new Database(join(server.dataDir, "leadport.db"));
    db.pragma("busy_timeout = 10000");
    const pending = db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'");
    const template = db.prepare("SELECT workspace_id, type, aggregate_id, payload FROM outbox WHERE type = 'InquiryCreated' LIMIT 1").get() as {
      workspace_id: string;
      type: string;
      aggregate_id: string;
      payload: string;
    };
    const insert = db.prepare(
      "INSERT INTO outbox (id, workspace_id, type, aggregate_id, occurred_at, payload, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    // Timestamps a millisecond apart, all in the past, as a 20,000-row import at a few thousand rows a second leaves them.
    const start = Date.now() - BACKLOG;
    db.transaction(() => {
      for (let i = 0; i < BACKLOG; i++) {
        const at = new Date(start + i).toISOString();
        insert.run(randomUUID(), template.workspace_id, template.type, template.aggregate_id, at, template.payload, at);
      }
    })();
    const before = (pending.get() as { n: number }).n;
    expect(before).toBeGreaterThanOrEqual(BACKLOG);

    try {
      const latencies = await probeLatencies(`${server.url}/healthz`, { maxMs: 4000 });
      const after = (pending.get() as { n: number }).n;
      // The dispatcher really worked through the backlog while the probes ran.
      expect(before - after, `${before - after} of ${before} dispatched`).toBeGreaterThan(100);
      expect(latencies.length).toBeGreaterThan(20);
      expect(Math.max(...latencies), `slowest of ${latencies.length} probes`).toBeLessThan(250);
    } finally {
      db.close();
    }
  }, 60_000);
});
