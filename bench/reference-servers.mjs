#!/usr/bin/env node
/*
 * The two reference servers the HTTP benchmark measures Leadport against, each started as its own
 * process: `node bench/reference-servers.mjs bare|handwritten DB_PATH`. Prints "listening on URL".
 *
 * - bare: a Koa route that reads and parses the same JSON body and answers 201. The ceiling of the
 *   web stack on this machine.
 * - handwritten: what a careful developer writes by hand with Koa, zod and better-sqlite3: validate,
 *   then in one BEGIN IMMEDIATE … COMMIT at synchronous=FULL find the customer by e-mail, else by
 *   name (at most two namesakes), else create it, insert the inquiry and an outbox row.
 */
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import Koa from "koa";
import getRawBody from "raw-body";
import { z } from "zod";

const [mode, dbPath] = process.argv.slice(2);

export const HANDWRITTEN_SCHEMA = `
  CREATE TABLE IF NOT EXISTS customers (id TEXT PRIMARY KEY, email_key TEXT, name_key TEXT, created_at TEXT NOT NULL, data TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS customers_by_email ON customers(email_key);
  CREATE INDEX IF NOT EXISTS customers_by_name ON customers(name_key);
  CREATE TABLE IF NOT EXISTS inquiries (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, created_at TEXT NOT NULL, data TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS outbox (id TEXT PRIMARY KEY, type TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL);
`;

const Body = z.object({
  title: z.string().min(1).max(200),
  notes: z.string().max(10_000).optional(),
  contact: z.object({ name: z.string().min(1).max(200), email: z.string().email().max(254) }),
});

async function readJson(ctx) {
  return JSON.parse(await getRawBody(ctx.req, { limit: "1mb", encoding: "utf8" }));
}

function bare() {
  const app = new Koa();
  app.use(async (ctx) => {
    if (ctx.method !== "POST") return;
    const body = await readJson(ctx);
    ctx.status = 201;
    ctx.body = { ok: true, title: body.title };
  });
  return app;
}

function handwritten(path) {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec(HANDWRITTEN_SCHEMA);
  const byEmail = db.prepare("SELECT id FROM customers WHERE email_key = ? LIMIT 1");
  const byName = db.prepare("SELECT id, email_key FROM customers WHERE name_key = ? LIMIT 2");
  const insertCustomer = db.prepare("INSERT INTO customers (id, email_key, name_key, created_at, data) VALUES (?, ?, ?, ?, ?)");
  const insertInquiry = db.prepare("INSERT INTO inquiries (id, customer_id, created_at, data) VALUES (?, ?, ?, ?)");
  const insertEvent = db.prepare("INSERT INTO outbox (id, type, payload, created_at) VALUES (?, ?, ?, ?)");
  const store = db.transaction((input) => {
    const now = new Date().toISOString();
    const emailKey = input.contact.email.trim().toLowerCase();
    const nameKey = input.contact.name.trim().toLowerCase();
    let customerId = byEmail.get(emailKey)?.id;
    if (!customerId) {
      const namesakes = byName.all(nameKey).filter((row) => row.email_key === null);
      customerId = namesakes.length === 1 ? namesakes[0].id : undefined;
    }
    if (!customerId) {
      customerId = randomUUID();
      insertCustomer.run(customerId, emailKey, nameKey, now, JSON.stringify({ id: customerId, ...input.contact }));
    }
    const inquiry = { id: randomUUID(), customerId, title: input.title, notes: input.notes ?? null, createdAt: now };
    insertInquiry.run(inquiry.id, customerId, now, JSON.stringify(inquiry));
    insertEvent.run(randomUUID(), "InquiryCreated", JSON.stringify(inquiry), now);
    return inquiry;
  });
  const app = new Koa();
  app.use(async (ctx) => {
    if (ctx.method !== "POST") return;
    const parsed = Body.safeParse(await readJson(ctx));
    if (!parsed.success) {
      ctx.status = 400;
      ctx.body = { error: parsed.error.issues };
      return;
    }
    // better-sqlite3 transactions use BEGIN (deferred) by default; .immediate takes the lock up front.
    const inquiry = store.immediate(parsed.data);
    ctx.status = 201;
    ctx.body = inquiry;
  });
  return app;
}

if (mode) {
  const app = mode === "bare" ? bare() : handwritten(dbPath);
  const server = app.listen(0, "127.0.0.1", () => {
    process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
  });
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
