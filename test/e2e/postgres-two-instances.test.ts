import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventSource } from "eventsource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresDatabase } from "../../src/adapters/postgres/postgres-database.js";
import { spawnLeadport } from "../support/cli.js";
import { dropSchema, freshSchemaName, POSTGRES_TEST_URL } from "../support/postgres.js";
import { spawnServer, type ServerProcess } from "../support/server-process.js";
import { eventually, startSmtpSink, type SmtpSink } from "../support/smtp-sink.js";

/**
 * Two `leadport serve` processes on one PostgreSQL schema, as behind a load balancer: each test
 * spreads its requests over both and checks that the database, not either process, decides.
 */
describe("two server instances on one PostgreSQL database", () => {
  const schema = freshSchemaName("lp_two");
  const database = { LEADPORT_DATABASE_URL: POSTGRES_TEST_URL, LEADPORT_DATABASE_SCHEMA: schema };
  const mail = {
    LEADPORT_OUTBOX_BACKOFF_MS: "100",
    LEADPORT_OUTBOX_MAX_BACKOFF_MS: "400",
    LEADPORT_MAIL_FROM: "Dachdecker Schulz <crm@dachdecker-schulz.de>",
  };
  let smtp: SmtpSink;
  let a: ServerProcess;
  let b: ServerProcess;
  let dir: string;
  let sql: PostgresDatabase;
  let key: string;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    dir = mkdtempSync(join(tmpdir(), "leadport-two-"));
    // Both dispatchers poll; B's seldom, so that what A's requests cause is mostly dispatched by A
    // and B's streams hear of it from another instance.
    // Started together on an empty schema: they take turns migrating, and one creates the first
    // workspace and prints its key while the other finds it.
    [a, b] = await Promise.all([
      spawnServer({ ...database, ...mail, LEADPORT_SMTP_URL: smtp.url, LEADPORT_OUTBOX_POLL_MS: "50" }),
      spawnServer({ ...database, ...mail, LEADPORT_SMTP_URL: smtp.url, LEADPORT_OUTBOX_POLL_MS: "2000" }),
    ]);
    const printed = [a.key, b.key].filter((printedKey): printedKey is string => printedKey !== null);
    expect(printed).toHaveLength(1);
    key = printed[0]!;
    a.authorize(key);
    b.authorize(key);
    sql = new PostgresDatabase({ url: POSTGRES_TEST_URL, schema, migrate: false });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await smtp?.stop();
    await sql?.close();
    await dropSchema(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  const instance = (n: number) => (n % 2 === 0 ? a : b);
  const count = async (query: string) => Number((await sql.transaction((s) => s.one<{ n: string }>(query)))!.n);

  it("takes 200 concurrent inquiries for 20 e-mail addresses on both instances as exactly 20 customers", async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, async (_, n) => {
        const response = await instance(n).request("/api/v1/inquiries", {
          method: "POST",
          json: { title: `Anfrage ${n}`, contact: { name: `Kunde ${n % 20}`, email: `kunde${n % 20}@example.org` } },
        });
        return { status: response.status, body: (await response.json()) as { customerId: string } };
      }),
    );
    expect(answers.filter((answer) => answer.status !== 201)).toEqual([]);
    const customers = (await (await a.request("/api/v1/customers?limit=100")).json()) as { items: Array<{ id: string }> };
    expect(customers.items).toHaveLength(20);
    expect(new Set(answers.map((answer) => answer.body.customerId)).size).toBe(20);
  }, 30_000);

  it("mails each notification exactly once with both dispatchers running", async () => {
    // The first test's events found no staff; once they are done, every mail is this test's.
    await eventually(async () => (await count("SELECT count(*) AS n FROM outbox WHERE status <> 'done'")) === 0, "an empty outbox");
    const staff: string[] = [];
    for (const [n, email] of ["anna@dachdecker-schulz.de", "ben@dachdecker-schulz.de"].entries()) {
      const added = await instance(n).request("/api/v1/staff", { method: "POST", json: { name: `Staff ${n}`, email } });
      expect(added.status).toBe(201);
      staff.push(((await added.json()) as { id: string }).id);
    }
    const before = smtp.received.length;
    const posted = await Promise.all(
      Array.from({ length: 30 }, async (_, n) =>
        (await instance(n).request("/api/v1/inquiries", { method: "POST", json: { title: `Dach ${n}`, contact: { name: "Neu", email: `neu${n}@example.org` } } })).status,
      ),
    );
    expect(posted.every((status) => status === 201)).toBe(true);
    await eventually(() => smtp.received.length - before >= 60, "a mail per inquiry and staff member");
    await eventually(async () => (await count("SELECT count(*) AS n FROM outbox WHERE status <> 'done'")) === 0, "an empty outbox");
    // A second dispatcher sending the same message again would show up here.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.received.length - before).toBe(60);
    const duplicates = [...smtp.countByMessageId()].filter(([, times]) => times > 1);
    expect(duplicates).toEqual([]);
    // The later tests' traffic need not wait behind a queue of mails.
    for (const id of staff) expect((await a.request(`/api/v1/staff/${id}`, { method: "DELETE" })).status).toBe(204);
  }, 40_000);

  it("replays on instance B the answer instance A gave to an Idempotency-Key", async () => {
    const request = { method: "POST", json: { title: "Carport", contact: { name: "Ida", email: "ida@example.org" } }, headers: { "Idempotency-Key": "carport-1" } };
    const first = await a.request("/api/v1/inquiries", request);
    expect(first.status).toBe(201);
    const retried = await b.request("/api/v1/inquiries", request);
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotency-replayed")).toBe("true");
    expect(await retried.json()).toEqual(await first.json());
    expect(await count("SELECT count(*) AS n FROM inquiries WHERE data->>'title' = 'Carport'")).toBe(1);
  });

  it("loses nothing while an import runs beside API traffic on both instances", async () => {
    const rows = 400;
    const lines = ["Kundennummer;Vorname;Nachname;E-Mail;Ort;Betreff;Erwarteter Wert"];
    for (let i = 1; i <= rows; i++) lines.push(`K-${i};Jürgen;Import${i};import${i}@example.org;Köln;Importiert ${i};${i},50`);
    const csv = join(dir, "kontakte.csv");
    writeFileSync(csv, `${lines.join("\r\n")}\r\n`);

    let importing = true;
    const acknowledged: string[] = [];
    const failures: number[] = [];
    const client = async (n: number) => {
      for (let i = 0; importing; i++) {
        const response = await instance(n + i).request("/api/v1/inquiries", {
          method: "POST",
          json: { title: "Nebenbei", contact: { name: `Client ${n}`, email: `client${n}-${i}@example.org` } },
        });
        const body = (await response.json()) as { id: string };
        if (response.status === 201) acknowledged.push(body.id);
        else failures.push(response.status);
      }
    };
    const clients = Array.from({ length: 4 }, (_, n) => client(n));
    const imported = await spawnLeadport(["--database-url", POSTGRES_TEST_URL, "import", csv], { LEADPORT_DATABASE_SCHEMA: schema, LEADPORT_DATA_DIR: dir });
    importing = false;
    await Promise.all(clients);

    expect(imported.stderr).not.toMatch(/Error/);
    expect(imported.code).toBe(0);
    expect(failures).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(await count("SELECT count(*) AS n FROM inquiries WHERE data->>'title' LIKE 'Importiert %'")).toBe(rows);
    const stored = new Set((await sql.transaction((s) => s.rows<{ id: string }>("SELECT id FROM inquiries WHERE data->>'title' = 'Nebenbei'"))).map((row) => row.id));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size).toBe(acknowledged.length);
  }, 50_000);

  it("streams to a staff member on instance B the notification a request to instance A caused", async () => {
    const added = await a.request("/api/v1/staff", { method: "POST", json: { name: "Clara Stream", email: "clara@dachdecker-schulz.de", emailEnabled: false } });
    const clara = (await added.json()) as { id: string };
    const source = new EventSource(`${b.url}/api/v1/staff/${clara.id}/notifications/stream`, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, Authorization: `Bearer ${key}` } }),
    });
    try {
      const received: Array<{ id: string; link: string }> = [];
      source.addEventListener("notification", (event) => received.push(JSON.parse(event.data) as { id: string; link: string }));
      await new Promise<void>((resolve, reject) => {
        source.onopen = () => resolve();
        source.onerror = (error) => reject(new Error(`stream failed: ${error.message ?? error.code}`));
      });
      const created = await a.request("/api/v1/inquiries", { method: "POST", json: { title: "Wintergarten", contact: { name: "Stream Kunde", email: "stream@example.org" } } });
      expect(created.status).toBe(201);
      const inquiry = (await created.json()) as { id: string };
      const notification = await eventually(() => received.find((item) => item.link.endsWith(inquiry.id)), "the notification on B's stream", 15_000);
      // Once, however many instances heard of it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received.filter((item) => item.id === notification.id)).toHaveLength(1);
    } finally {
      source.close();
    }
  }, 30_000);
});
