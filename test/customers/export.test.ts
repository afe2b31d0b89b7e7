import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yauzl from "yauzl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLeadport, type Leadport } from "../../src/hosts/library.js";
import { runLeadport } from "../support/cli.js";
import { libraryDatabase } from "../support/test-database.js";

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};

async function runOutbox(lp: Leadport) {
  for (let pass = 0; pass < 10; pass++) {
    const report = must(await lp.outbox.runOnce());
    if (report.done + report.retrying + report.failed === 0) return;
  }
}

/** Entry names and contents of a zip file. */
function unzip(file: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, string>();
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      zip.on("entry", (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on("data", (chunk: Buffer) => chunks.push(chunk));
          stream.on("end", () => {
            entries.set(entry.fileName, Buffer.concat(chunks).toString("utf8"));
            zip.readEntry();
          });
        }),
      );
      zip.on("end", () => resolve(entries));
      zip.readEntry();
    });
  });
}

describe("exporting a person's data (GDPR Art. 15/20)", () => {
  let dir: string;
  let lp: Leadport;
  const seeded = { inquiries: [] as string[], attachments: [] as string[], tickets: [] as string[], orders: [] as string[] };
  let customerId = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "leadport-export-"));
    lp = await createLeadport({ ...libraryDatabase(join(dir, "leadport.db")), dataDir: dir, mail: { directory: join(dir, "mail") } });
    must(await lp.staff.add({ name: "Lea Schulz", email: "lea@example.com" }));
    // A ticket that arrived before the person was a customer is theirs too.
    seeded.tickets.push(must(await lp.webLeads.submit({ type: "ticket", email: "Hanna.Huber@example.org", message: "Vorab" })).id);
    const first = must(await lp.inquiries.create({ title: "Dach", contact: { name: "Hanna Huber", email: "hanna.huber@example.org" }, notes: "Ziegel" })).inquiry;
    customerId = first.customerId;
    must(await lp.inquiries.update(first.id, { comment: "Angebot geschickt" }));
    seeded.inquiries.push(first.id);
    seeded.attachments.push(must(await lp.attachments.add(first.id, { filename: "plan.txt", content: Buffer.from("Plan Huber") })).id);
    // A duplicate merged into her: its inquiry and its history come along.
    const twin = must(await lp.inquiries.create({ title: "Carport", contact: { name: "Hanna Huber", email: "h.huber@example.org" } })).inquiry;
    seeded.inquiries.push(twin.id);
    must(await lp.customers.merge(customerId, [twin.customerId]));
    seeded.tickets.push(must(await lp.webLeads.submit({ type: "ticket", email: "hanna.huber@example.org", message: "Noch eine Frage" })).id);
    seeded.orders.push(must(await lp.webLeads.submit({ type: "order", email: "hanna.huber@example.org", total: 12 })).id);
    must(await lp.inquiries.create({ title: "Fremd", contact: { name: "Other Person", email: "other@example.org" } }));
    await runOutbox(lp);
  });
  afterAll(async () => {
    await lp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("contains every seeded item: customer, inquiries with logbooks, attachments, tickets, orders, notifications, mails, events", async () => {
    const exported = must(await lp.customers.export(customerId));
    expect(exported.customer).toMatchObject({ id: customerId, email: "hanna.huber@example.org", mergedFrom: [expect.any(String)] });
    expect(exported.inquiries.map((i) => i.id).sort()).toEqual([...seeded.inquiries].sort());
    expect(exported.inquiries.find((i) => i.id === seeded.inquiries[0])!.logbook.map((e) => e.text)).toContain("Angebot geschickt");
    expect(exported.attachments.map((a) => a.id)).toEqual(seeded.attachments);
    expect(exported.tickets.map((t) => t.id).sort()).toEqual([...seeded.tickets].sort());
    expect(exported.orders.map((o) => o.id)).toEqual(seeded.orders);
    // Two inquiries, two tickets and one order each notified the one staff member, in the app and by mail.
    expect(exported.notifications).toHaveLength(5);
    expect(exported.mails).toHaveLength(5);
    expect(exported.mails.every((m) => m.status === "done")).toBe(true);
    const types = new Set(exported.outboxEvents.map((e) => e.type));
    for (const type of ["CustomerCreated", "InquiryCreated", "InquiryUpdated", "CustomerMerged", "TicketCreated", "OrderReceived", "StaffMailRequested"]) {
      expect(types, type).toContain(type);
    }
    expect(JSON.stringify(exported)).not.toContain("other@example.org");
  });

  it("writes the export with the attachment files as a zip from the command line", async () => {
    const out = join(dir, "hanna.zip");
    const run = await runLeadport(["customers", "export", customerId, "--out", out, "--with-files"], { LEADPORT_DATA_DIR: dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const entries = await unzip(out);
    const document = JSON.parse(entries.get("export.json")!);
    expect(document.customer.id).toBe(customerId);
    expect(entries.get(`files/${seeded.attachments[0]}-plan.txt`)).toBe("Plan Huber");

    const json = join(dir, "hanna.json");
    expect((await runLeadport(["customers", "export", customerId, "--out", json], { LEADPORT_DATA_DIR: dir })).code).toBe(0);
    expect(JSON.parse(readFileSync(json, "utf8")).inquiries).toHaveLength(2);
    const refused = await runLeadport(["customers", "export", customerId, "--with-files"], { LEADPORT_DATA_DIR: dir });
    expect(refused.code).toBe(2);
  });
});
