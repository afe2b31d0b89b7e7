import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { BIN } from "../support/cli.js";
import { eventually } from "../support/smtp-sink.js";
import { usingPostgres } from "../support/test-database.js";

const HOLD_SYNC = fileURLToPath(new URL("../support/hold-wal-sync.mjs", import.meta.url));

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  readonly exited: Promise<unknown>;
}

async function serve(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn(process.execPath, ["--import", HOLD_SYNC, BIN, "serve", "--port", "0"], {
    env: { ...process.env, ...env, LEADPORT_DATA_DIR: dataDir, LEADPORT_API_RATE_PER_KEY: "off" },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.on("close", resolve));
  const url = await eventually(() => /listening on (http:\/\/\S+)/.exec(output)?.[1], `the server to start:\n${output}`);
  return { child, url, output: () => output, exited };
}

/** What the database holds after the crash: every inquiry with its customer and its event, or none of them. */
function stored(dataDir: string) {
  const db = new Database(join(dataDir, "leadport.db"), { readonly: true });
  try {
    const integrity = (db.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check;
    const emails = (db.prepare("SELECT json_extract(data, '$.contact.email') AS email FROM inquiries").all() as Array<{ email: string }>).map((row) => row.email);
    const orphans = (
      db
        .prepare(
          `SELECT count(*) AS n FROM inquiries i
           WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = i.customer_id)
              OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.aggregate_id = i.id AND o.type = 'InquiryCreated')`,
        )
        .get() as { n: number }
    ).n;
    return { integrity, emails: new Set(emails), orphans };
  } finally {
    db.close();
  }
}

// Group commit batches SQLite's WAL syncs; PostgreSQL commits each transaction itself.
describe.skipIf(usingPostgres)("group commit under SIGKILL", () => {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];

  afterEach(() => {
    for (const child of children.splice(0)) child.kill("SIGKILL");
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const start = async (env: NodeJS.ProcessEnv = {}) => {
    const dataDir = mkdtempSync(join(tmpdir(), "leadport-group-crash-"));
    dirs.push(dataDir);
    const server = await serve(dataDir, env);
    children.push(server.child);
    const key = /lp_live_[\w-]+/.exec(server.output())?.[0] ?? "";
    const post = (email: string) =>
      fetch(`${server.url}/api/v1/inquiries`, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ title: "Dach", contact: { name: "Kunde Müller", email } }),
      }).then(
        (response) => response.status,
        () => 0,
      );
    return { dataDir, server, post };
  };

  it("keeps every inquiry it answered with 2xx when killed under concurrent load", async () => {
    const { dataDir, server, post } = await start();
    const acknowledged: string[] = [];
    let running = true;
    const client = async (n: number) => {
      for (let i = 0; running; i++) {
        const email = `c${n}-${i}@example.org`;
        if ((await post(email)) === 201) acknowledged.push(email);
      }
    };
    const clients = Array.from({ length: 30 }, (_, n) => client(n));
    await eventually(() => acknowledged.length >= 200, "200 answered inquiries", 30_000);
    server.child.kill("SIGKILL");
    await server.exited;
    running = false;
    await Promise.all(clients);

    const after = stored(dataDir);
    expect(after.integrity).toBe("ok");
    expect(after.orphans).toBe(0);
    expect(acknowledged.filter((email) => !after.emails.has(email))).toEqual([]);
  });

  it("loses nothing it answered and leaves no half request when killed while a batch is being committed", async () => {
    const flag = join(mkdtempSync(join(tmpdir(), "leadport-hold-")), "hold");
    dirs.push(join(flag, ".."));
    const { dataDir, server, post } = await start({ LEADPORT_TEST_HOLD_SYNC: flag });
    const answered = await Promise.all(Array.from({ length: 20 }, (_, i) => post(`before-${i}@example.org`)));
    expect(answered.every((status) => status === 201)).toBe(true);

    writeFileSync(flag, "");
    const unanswered = Array.from({ length: 20 }, (_, i) => post(`during-${i}@example.org`));
    await eventually(() => server.output().includes("holding a WAL sync"), "a batch committed and being synced");
    // Later requests commit behind the held sync and wait for the next one.
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.child.kill("SIGKILL");
    await server.exited;
    expect((await Promise.all(unanswered)).filter((status) => status >= 200 && status < 300)).toEqual([]);

    const after = stored(dataDir);
    expect(after.integrity).toBe("ok");
    expect(after.orphans).toBe(0);
    for (let i = 0; i < 20; i++) expect(after.emails.has(`before-${i}@example.org`)).toBe(true);
    // The batch was committed to the WAL when the kill came: a crash of the process (not of the machine) keeps it.
    expect([...after.emails].filter((email) => email.startsWith("during-")).length).toBeGreaterThan(0);

    // And the server starts again on that file and serves.
    const again = await serve(dataDir);
    children.push(again.child);
    expect((await fetch(`${again.url}/readyz`)).status).toBe(200);
  });
});
