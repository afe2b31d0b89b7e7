import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLeadport } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { usingPostgres } from "../support/test-database.js";

// Not the outbox: the dispatcher beside may still be marking messages done between the backup and the comparison.
const TABLES = ["workspaces", "api_keys", "customers", "inquiries", "attachments", "tickets", "orders", "idempotency_keys"];

/** Every row of the tables that hold data, in a stable order. */
function contents(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const existing = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((row) => row.name));
    return Object.fromEntries(TABLES.filter((table) => existing.has(table)).map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()]));
  } finally {
    db.close();
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length))
    .sort();
}

// The archive holds the SQLite file; on PostgreSQL the command refuses and names pg_dump (test/hosts/postgres-hosts.test.ts).
describe.skipIf(usingPostgres)("leadport backup and restore", () => {
  let server: TestServer;
  let work: string;

  beforeAll(async () => {
    server = await startTestServer();
    work = mkdtempSync(join(tmpdir(), "leadport-backup-"));
  });

  afterAll(async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("backs up a running server while it writes, and restores to an identical database with the attachments", async () => {
    const first = await (await server.request("/api/v1/inquiries", { method: "POST", json: { title: "Mit Datei", contact: { name: "Anna", email: "anna@example.org" } } })).json();
    const form = new FormData();
    form.append("file", new Blob(["Angebot als Text"], { type: "text/plain" }), "angebot.txt");
    expect((await server.request(`/api/v1/inquiries/${first.id}/attachments`, { method: "POST", body: form })).status).toBe(201);

    // Writes go on while the first backup runs.
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing) {
        const response = await server.request("/api/v1/inquiries", { method: "POST", json: { title: `Laufend ${n}`, contact: { name: `Kunde ${n}` } } });
        expect(response.status).toBe(201);
        n += 1;
      }
      return n;
    })();
    const env = { LEADPORT_DATA_DIR: server.dataDir };
    const during = await runLeadport(["backup", join(work, "during.tar")], env);
    writing = false;
    expect(await writer).toBeGreaterThan(0);
    expect(during.code, during.stderr).toBe(0);
    expect(statSync(join(work, "during.tar")).mode & 0o777).toBe(0o600);

    // A backup taken mid-writes restores to a sound database holding a prefix of what the server stored.
    const restoredDuring = join(work, "restored-during");
    const restore1 = await runLeadport(["restore", join(work, "during.tar")], { LEADPORT_DATA_DIR: restoredDuring });
    expect(restore1.code, restore1.stderr).toBe(0);
    const live = contents(join(server.dataDir, "leadport.db"));
    const partial = contents(join(restoredDuring, "leadport.db"));
    expect(partial.inquiries!.length).toBeGreaterThanOrEqual(1);
    for (const row of partial.inquiries!) expect(live.inquiries).toContainEqual(row);

    // Once the writes stopped, a backup restores to exactly the same rows and files.
    const after = await runLeadport(["backup", join(work, "after.tar")], env);
    expect(after.code, after.stderr).toBe(0);
    const restored = join(work, "restored");
    const restore2 = await runLeadport(["restore", join(work, "after.tar")], { LEADPORT_DATA_DIR: restored });
    expect(restore2.code, restore2.stderr).toBe(0);
    expect(contents(join(restored, "leadport.db"))).toEqual(contents(join(server.dataDir, "leadport.db")));
    const liveFiles = filesUnder(join(server.dataDir, "attachments"));
    expect(liveFiles.length).toBeGreaterThan(0);
    expect(filesUnder(join(restored, "attachments"))).toEqual(liveFiles);
    for (const file of liveFiles) {
      expect(readFileSync(join(restored, "attachments", file))).toEqual(readFileSync(join(server.dataDir, "attachments", file)));
    }
  });

  it("refuses to overwrite a database without --force and refuses a file that is no backup", async () => {
    // A backup of its own to restore, so that this test does not need the one above.
    const made = await runLeadport(["backup", join(work, "after.tar")], { LEADPORT_DATA_DIR: server.dataDir });
    if (made.code !== 0) throw new Error(`the backup beforehand failed: ${made.stderr}`);
    const refused = await runLeadport(["restore", join(work, "after.tar")], { LEADPORT_DATA_DIR: server.dataDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--force");
    writeFileSync(join(work, "junk.tar"), "not a tar file at all");
    const junk = await runLeadport(["restore", join(work, "junk.tar")], { LEADPORT_DATA_DIR: join(work, "fresh") });
    expect(junk.code).toBe(1);
    expect(junk.stderr).toMatch(/not a Leadport backup|holds no database/);
  });
});
