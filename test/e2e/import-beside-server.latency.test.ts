import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnLeadport } from "../support/cli.js";
import { percentile } from "../support/latency.js";
import { startTestServer, type TestServer } from "../support/server.js";

const ROWS = 20_000;
const CLIENTS = 4;

/** A German CSV export whose headers map without a mapping file. */
function exportCsv(rows: number): string {
  const lines = ["Kundennummer;Vorname;Nachname;E-Mail;Ort;Betreff;Erwarteter Wert"];
  for (let i = 1; i <= rows; i++) lines.push(`K-${i};Jürgen;Müller${i % 997};kunde${i}@example.org;Köln;Anfrage ${i};${(i % 900) + 100},50`);
  return `${lines.join("\r\n")}\r\n`;
}

interface Answer {
  readonly status: number;
  readonly ms: number;
  readonly retryAfter: string | null;
}

describe("leadport import beside the running server", () => {
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), "leadport-beside-"));
  });

  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`imports ${ROWS} rows while clients post inquiries, and every request is answered within 1 s`, async () => {
    const csv = join(dir, "kontakte.csv");
    writeFileSync(csv, exportCsv(ROWS));

    let importing = true;
    const answers: Answer[] = [];
    const client = async (n: number) => {
      for (let i = 0; importing; i++) {
        const started = performance.now();
        const response = await server.request("/api/v1/inquiries", {
          method: "POST",
          json: { title: "Rückruf", contact: { name: `Client ${n}`, email: `client${n}-${i}@example.org` } },
        });
        await response.arrayBuffer();
        answers.push({ status: response.status, ms: performance.now() - started, retryAfter: response.headers.get("retry-after") });
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
    // A process of its own, as in use: in this one the import would share the server's event loop.
    const imported = await spawnLeadport(["import", csv], { LEADPORT_DATA_DIR: server.dataDir });
    importing = false;
    await Promise.all(clients);

    expect(imported.code, imported.stderr).toBe(0);
    const latencies = answers.map((answer) => answer.ms);
    const p99 = percentile(latencies, 0.99);
    const max = Math.max(...latencies);
    console.log(
      `import beside the server: ${answers.length} requests, p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms, ` +
        `${answers.filter((a) => a.status === 503).length} × 503`,
    );
    expect(answers.length).toBeGreaterThan(50);
    for (const answer of answers) {
      if (answer.status === 503) expect(answer.retryAfter).not.toBeNull();
      else expect(answer.status).toBe(201);
    }
    expect(max).toBeLessThan(1000);

    // Every row and every acknowledged request is in the database.
    const db = new Database(join(server.dataDir, "leadport.db"), { readonly: true });
    try {
      const count = (db.prepare("SELECT count(*) AS n FROM inquiries").get() as { n: number }).n;
      expect(count).toBe(ROWS + answers.filter((a) => a.status === 201).length);
    } finally {
      db.close();
    }
  }, 90_000);
});
