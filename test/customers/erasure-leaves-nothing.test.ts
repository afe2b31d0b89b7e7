import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLeadport, type Leadport } from "../../src/hosts/library.js";
import { startTestServer } from "../support/server.js";
import { eventually } from "../support/smtp-sink.js";
import { databaseText, libraryDatabase } from "../support/test-database.js";

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};

/** Every file under a directory, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Which files contain any of the needles, byte for byte (UTF-8, as SQLite, JSON and mail store
 * them); in PostgreSQL mode the rows of the data directory's database count as its leadport.db.
 */
async function whereFound(dir: string, needles: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const needle of needles) if (bytes.includes(Buffer.from(needle, "utf8"))) found.push(`${file.slice(dir.length)}: ${needle}`);
  }
  const rows = await databaseText(join(dir, "leadport.db"));
  for (const needle of needles) if (rows.includes(needle)) found.push(`/leadport.db (PostgreSQL): ${needle}`);
  return found;
}

interface Person {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly word: string;
}

const ERASED: Person = { name: "Quappendorf", email: "ottilie.quappendorf@example.org", phone: "+49 5151 987654", word: "Zwiebelturmsanierung" };
const KEPT: Person = { name: "Brettschneider", email: "konrad.brettschneider@example.org", phone: "+49 4131 123456", word: "Fachwerkrestaurierung" };
const needles = (p: Person) => [p.name, p.email, p.phone, p.word];

/** One person in every table and file the product writes: inquiry with notes, logbook and attachment, ticket, order. */
async function seed(lp: Leadport, person: Person): Promise<{ customerId: string; inquiryId: string }> {
  const created = must(
    await lp.inquiries.create({
      title: `Anfrage ${person.word}`,
      contact: { name: `Ottokar ${person.name}`, email: person.email, phone: person.phone },
      address: { street: `${person.name}weg 1`, zipcode: "31134", city: "Hildesheim" },
      notes: `Wünscht ${person.word} am Altbau`,
      comment: `Erstkontakt, ${person.word} besprochen`,
    }),
  ).inquiry;
  must(await lp.inquiries.update(created.id, { comment: `Rückruf bei ${person.name}, Tel. ${person.phone}` }));
  must(await lp.attachments.add(created.id, { filename: `${person.name}-grundriss.txt`, content: Buffer.from(`Grundriss ${person.word} ${person.name}\n`) }));
  must(await lp.webLeads.submit({ type: "ticket", email: person.email, subject: `Frage ${person.word}`, message: `Gruß, ${person.name}` }));
  must(await lp.webLeads.submit({ type: "order", email: person.email, subject: `Bestellung ${person.word}`, message: person.phone, total: 49.9 }));
  return { customerId: created.customerId, inquiryId: created.id };
}

/** Runs the outbox until it is empty: notifications, then the staff mails they asked for (.eml files, no SMTP). */
async function deliverEverything(lp: Leadport): Promise<void> {
  for (let pass = 0; pass < 10; pass++) {
    const report = must(await lp.outbox.runOnce());
    if (report.done + report.retrying + report.failed === 0) return;
  }
}

describe("erasing a person (GDPR Art. 17)", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("leaves no byte of their e-mail, name, phone or notes in the database, its WAL or any file of the data directory", async () => {
    dir = mkdtempSync(join(tmpdir(), "leadport-erasure-"));
    const lp = await createLeadport({ ...libraryDatabase(join(dir, "leadport.db")), dataDir: dir, mail: { directory: join(dir, "mail") } });
    must(await lp.staff.add({ name: "Lea Schulz", email: "lea@dachdecker-schulz.de" }));
    const erased = await seed(lp, ERASED);
    const kept = await seed(lp, KEPT);
    await deliverEverything(lp);

    // The seeding reached every store the erasure has to clean, or the search below would prove nothing.
    expect(filesUnder(join(dir, "mail")).filter((f) => f.endsWith(".eml")).length).toBeGreaterThanOrEqual(6);
    expect((await whereFound(join(dir, "mail"), [ERASED.name])).length).toBeGreaterThanOrEqual(1);
    expect((await whereFound(join(dir, "attachments"), [ERASED.word]))).toHaveLength(1);
    const staffId = must(await lp.staff.list())[0]!.id;
    expect(must(await lp.notifications.list(staffId)).items.length).toBe(6);
    expect((await whereFound(dir, needles(ERASED))).some((hit) => hit.startsWith("/leadport.db"))).toBe(true);

    const report = must(await lp.customers.erase(erased.customerId));
    expect(report).toMatchObject({ inquiries: 1, attachments: 1, tickets: 1, orders: 1, notifications: 3, mails: 3 });

    expect((await whereFound(dir, needles(ERASED)))).toEqual([]);
    await deliverEverything(lp);
    expect((await whereFound(dir, needles(ERASED)))).toEqual([]);

    // The other person is untouched: records, notifications, files and mails.
    const other = must(await lp.customers.export(kept.customerId));
    expect(other.inquiries.map((i) => i.id)).toEqual([kept.inquiryId]);
    expect(other.inquiries[0]!.logbook).toHaveLength(2);
    expect([other.attachments.length, other.tickets.length, other.orders.length, other.notifications.length, other.mails.length]).toEqual([1, 1, 1, 3, 3]);
    expect(must(await lp.notifications.list(staffId)).items.length).toBe(3);
    expect(await lp.customers.get(erased.customerId)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await lp.inquiries.get(erased.inquiryId)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(must(await lp.tickets.list()).items).toHaveLength(1);
    expect(must(await lp.orders.list()).items).toHaveLength(1);
    for (const needle of needles(KEPT)) expect((await whereFound(dir, [needle])).length, needle).toBeGreaterThan(0);

    // The erasure itself is on record, without personal data.
    const events = must(await lp.outbox.list({ limit: 500 })).filter((m) => m.type === "CustomerErased");
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ customerId: erased.customerId, inquiries: 1 });

    await lp.close();
    expect((await whereFound(dir, needles(ERASED)))).toEqual([]);
    expect((await whereFound(dir, [KEPT.email])).length).toBeGreaterThan(0);
  });

  it("erases through DELETE ?erase=true on a running server whose outbox worker keeps delivering", async () => {
    // The test server removes its own data directory when stopped.
    const server = await startTestServer({ LEADPORT_OUTBOX_POLL_MS: "50" });
    try {
      await server.request("/api/v1/staff", { method: "POST", json: { name: "Lea Schulz", email: "lea@dachdecker-schulz.de" } });
      const ids: Record<string, { inquiry: string; customer: string }> = {};
      for (const person of [ERASED, KEPT]) {
        const inquiry = await (
          await server.request("/api/v1/inquiries", {
            method: "POST",
            // A retry key: the first answer (the whole inquiry) is kept for replays and must go too.
            headers: { "Idempotency-Key": `create-${person.word}` },
            json: { title: person.word, contact: { name: `Ottokar ${person.name}`, email: person.email, phone: person.phone }, notes: person.word },
          })
        ).json();
        const form = new FormData();
        form.append("file", new Blob([`Skizze ${person.word}`]), `${person.name}.txt`);
        expect((await server.request(`/api/v1/inquiries/${inquiry.id}/attachments`, { method: "POST", body: form })).status).toBe(201);
        ids[person.email] = { inquiry: inquiry.id, customer: inquiry.customerId };
      }
      const mail = join(server.dataDir, "mail");
      await eventually(() => filesUnder(server.dataDir).filter((f) => f.endsWith(".eml")).length === 2, "both staff mails");
      expect((await whereFound(mail, [ERASED.name])).length).toBe(1);

      const erased = await server.request(`/api/v1/customers/${ids[ERASED.email]!.customer}?erase=true`, { method: "DELETE" });
      expect(erased.status).toBe(200);
      expect(await erased.json()).toMatchObject({ inquiries: 1, attachments: 1, notifications: 1, mails: 1 });
      expect((await whereFound(server.dataDir, needles(ERASED)))).toEqual([]);
      expect((await server.request(`/api/v1/customers/${ids[KEPT.email]!.customer}/export`)).status).toBe(200);
      expect((await whereFound(server.dataDir, [KEPT.word])).length).toBeGreaterThanOrEqual(2);
    } finally {
      await server.stop();
    }
  });
});
