import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { ImportRows, type FailedRow, type ImportOptions } from "../../src/application/import/import-rows.js";
import { suggestMapping } from "../../src/application/import/import-mapping.js";
import { ListInquiries } from "../../src/application/inquiries/list-inquiries.js";
import { ListCustomers } from "../../src/application/customers/list-customers.js";
import { CreateWorkspace } from "../../src/application/workspaces/create-workspace.js";
import { AddStaffMember } from "../../src/application/staff/add-staff-member.js";
import { CreateInquiry } from "../../src/application/inquiries/create-inquiry.js";
import { notificationTriggerOf } from "../../src/application/notifications/notification-triggers.js";
import { renderNotification } from "../../src/domain/notifications/templates.js";
import type { CellValue } from "../../src/application/ports/row-source.js";
import { MemoryUnitOfWork } from "../../src/adapters/memory/memory-unit-of-work.js";
import { CryptoSecrets } from "../../src/adapters/system/crypto-secrets.js";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { UuidV7Ids } from "../../src/adapters/system/uuid-v7-ids.js";
import { rowsOf } from "../support/spreadsheets.js";
import { MacrotaskScheduler } from "../../src/adapters/system/macrotask-scheduler.js";

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};

const HEADER = ["Vorname", "Nachname", "E-Mail", "Titel", "Erwarteter Wert", "Wahrscheinlichkeit", "Nachfassen", "Quelle", "Tags"];
const GOOD: CellValue[][] = [
  ["Jürgen", "Müller", "juergen@example.org", "Dachsanierung", "12.500,50", "60", "31.12.2026", "", "Dach, Sanierung"],
  ["Erika", "Mustermann", "erika@example.org", "Bad", 9800, "20 %", 46387, "Messe", ""],
];
const BAD: CellValue[][] = [
  ["Bea", "Bad", "bea@example", "Falsche Mail", "100", "10", "", "", ""],
  ["Nina", "Negativ", "nina@example.org", "Negativ", "-5", "10", "", "", ""],
  ["Paul", "Prozent", "paul@example.org", "Zu sicher", "100", "150", "", "", ""],
];

function setup() {
  const uow = new MemoryUnitOfWork();
  const clock = new ManualClock();
  const ids = new UuidV7Ids();
  return {
    uow,
    importRows: new ImportRows(uow, clock, ids, new CryptoSecrets(), new MacrotaskScheduler()),
    inquiries: new ListInquiries(uow, clock),
    customers: new ListCustomers(uow),
    workspaces: new CreateWorkspace(uow, clock, ids),
  };
}

describe("importing rows", () => {
  let s: ReturnType<typeof setup>;
  let ws: string;
  const run = (rows: CellValue[][], options: ImportOptions = {}) => s.importRows.execute(ws, rowsOf(rows), options);
  const stored = async () => must(await s.inquiries.execute(ws, { limit: 200 })).items;

  beforeEach(async () => {
    s = setup();
    ws = must(await s.workspaces.execute("handwerk")).id;
  });

  it("maps German and English headers to fields, each field once", () => {
    expect(suggestMapping(["E-Mail", "Str.", "PLZ", "Postleitzahl", "Tel.", "Mobil", "Zuständig", "Whatever"], "inquiries")).toEqual({
      "E-Mail": "email",
      "Str.": "street",
      PLZ: "zipcode",
      Postleitzahl: null,
      "Tel.": "phone",
      Mobil: "mobile",
      Zuständig: "assignee",
      Whatever: null,
    });
    expect(suggestMapping(["Email", "Titel"], "customers")).toEqual({ Email: "email", Titel: null });
    const odd = suggestMapping(["constructor", "__proto__", "toString", "E-Mail"], "customers");
    expect(Object.entries(odd)).toEqual([["constructor", null], ["__proto__", null], ["toString", null], ["E-Mail", "email"]]);
  });

  it("recognises a header however it is cased, spaced or spelt with umlauts", () => {
    const spellings = fc.constantFrom(
      ["Straße", "street"],
      ["E-Mail", "email"],
      ["Zuständig", "assignee"],
      ["Erwarteter Wert", "expectedValue"],
      ["Wahrscheinlichkeit", "probability"],
      ["Gewünschter Start", "desiredStartDate"],
    );
    fc.assert(
      fc.property(spellings, fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), fc.boolean(), ([header, field], upper, folded) => {
        const spelt = folded ? header.replace(/ß/g, "ss").replace(/ä/g, "ae").replace(/ü/g, "ue") : header;
        const cased = [...spelt].map((char, i) => (upper[i] ? char.toUpperCase() : char.toLowerCase())).join("");
        return suggestMapping([` ${cased} `], "inquiries")[` ${cased} `] === field;
      }),
    );
  });

  it("imports good rows through the inquiry rules and reports each bad row with its column", async () => {
    const failed: FailedRow[] = [];
    const summary = must(await run([HEADER, ...GOOD, ...BAD], { onFailedRow: (row) => void failed.push(row) }));
    expect(summary).toMatchObject({ rows: 5, created: 2, updated: 0, unchanged: 0, failed: 3 });

    const [erika, juergen] = await stored();
    expect(juergen).toMatchObject({
      title: "Dachsanierung",
      expectedValueCents: 1_250_050,
      probability: 60,
      followUpDate: "2026-12-31",
      source: "Import",
      tags: ["Dach", "Sanierung"],
      contact: { name: "Jürgen Müller", email: "juergen@example.org" },
      customerMatch: "created",
    });
    expect(juergen?.leadScore).toBeGreaterThan(0);
    expect(erika).toMatchObject({ expectedValueCents: 980_000, probability: 20, followUpDate: "2026-12-31", source: "Messe" });

    expect(failed.map((row) => [row.number, row.issues.map((issue) => `${issue.column}: ${issue.message}`)])).toEqual([
      [4, ["E-Mail: is not a valid e-mail address"]],
      [5, ["Erwarteter Wert: must not be negative"]],
      [6, ["Wahrscheinlichkeit: must be an integer from 0 to 100"]],
    ]);
    expect(failed[0]?.values).toEqual(["Bea", "Bad", "bea@example", "Falsche Mail", "100", "10", "", "", ""]);
  });

  it("creates nothing new when the same rows are imported again", async () => {
    must(await run([HEADER, ...GOOD]));
    const eventsAfterFirst = s.uow.outboxEvents().length;
    const again = must(await run([HEADER, ...GOOD]));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 0 });
    expect(await stored()).toHaveLength(2);
    expect(must(await s.customers.execute(ws)).items).toHaveLength(2);
    expect(s.uow.outboxEvents()).toHaveLength(eventsAfterFirst);
  });

  it("updates changed rows found by their id column only with update", async () => {
    const header = ["ID", "Name", "E-Mail", "Erwarteter Wert"];
    must(await run([header, ["A-1", "Max Mustermann", "max@example.org", "1000"]]));
    const changed = [header, ["A-1", "Max Mustermann", "max@example.org", "2000"]];
    expect(must(await run(changed))).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect((await stored())[0]?.expectedValueCents).toBe(100_000);
    expect(must(await run(changed, { update: true }))).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect((await stored())[0]).toMatchObject({ expectedValueCents: 200_000, externalRef: "A-1" });
    expect(must(await run(changed, { update: true }))).toMatchObject({ updated: 0, unchanged: 1 });
  });

  it("logs a status changed by an import with update as made by the import, and may bring a new status", async () => {
    const header = ["ID", "Name", "E-Mail", "Status"];
    must(await run([header, ["A-1", "Max Mustermann", "max@example.org", "Neu"]]));
    must(await run([header, ["A-1", "Max Mustermann", "max@example.org", "Besichtigung geplant"]], { update: true }));
    const [inquiry] = await stored();
    expect(inquiry).toMatchObject({ status: "Besichtigung geplant" });
    expect(inquiry!.logbook.map((entry) => [entry.author, entry.text])).toEqual([["import", "Status: Neu → Besichtigung geplant"]]);
  });

  it("writes nothing in a dry run but counts exactly as a real run would", async () => {
    const failed: FailedRow[] = [];
    const dry = must(await run([HEADER, ...GOOD, ...BAD], { dryRun: true, batchSize: 2, onFailedRow: (row) => void failed.push(row) }));
    expect(dry).toMatchObject({ dryRun: true, rows: 5, created: 2, failed: 3 });
    expect(failed).toHaveLength(3);
    expect(await stored()).toHaveLength(0);
    expect(must(await s.customers.execute(ws)).items).toHaveLength(0);
    expect(s.uow.outboxEvents().filter((event) => event.workspaceId === ws)).toHaveLength(0);
    const real = must(await run([HEADER, ...GOOD, ...BAD], { batchSize: 2 }));
    expect({ ...real, dryRun: true }).toEqual(dry);
  });

  it("keeps the good rows of a batch when a row in the middle fails", async () => {
    const summary = must(await run([HEADER, GOOD[0]!, BAD[0]!, GOOD[1]!], { batchSize: 10 }));
    expect(summary).toMatchObject({ created: 2, failed: 1 });
    expect((await stored()).map((inquiry) => inquiry.contact.email).sort()).toEqual(["erika@example.org", "juergen@example.org"]);
  });

  it("keeps a batch's good rows around a row that converts cleanly but names no customer", async () => {
    const nameless: CellValue[] = ["", "", "", "Nur ein Titel", "", "", "", "", ""];
    const summary = must(await run([HEADER, GOOD[0]!, nameless, GOOD[1]!], { batchSize: 10 }));
    expect(summary).toMatchObject({ created: 2, failed: 1 });
    expect((await stored()).map((inquiry) => inquiry.contact.email).sort()).toEqual(["erika@example.org", "juergen@example.org"]);
    expect(s.uow.outboxEvents().filter((event) => event.type === "InquiryCreated")).toHaveLength(2);
  });

  it("records one compact event per imported row, with ids and no personal data", async () => {
    must(await run([HEADER, GOOD[0]!]));
    const [created, ...others] = s.uow.outboxEvents().filter((event) => event.type !== "ImportFinished");
    expect(others).toEqual([]);
    expect(created).toMatchObject({ type: "InquiryCreated", payload: { quiet: true, customerCreated: true } });
    expect(Object.keys((created?.payload.inquiry ?? {}) as object).sort()).toEqual(["customerId", "id"]);
  });

  it("skips empty rows and trims cells", async () => {
    const summary = must(await run([["", ""], ["Name ", " E-Mail"], [null, "  "], ["  Max Muster  ", " max@example.org  "]]));
    expect(summary).toMatchObject({ rows: 1, created: 1 });
    expect((await stored())[0]?.contact).toEqual({ name: "Max Muster", email: "max@example.org", phone: null });
  });

  it("refuses a mapping that names unknown fields or columns, or leaves no way to find the customer", async () => {
    const unknownField = await run([HEADER, ...GOOD], { mapping: { columns: { "E-Mail": "mail" as never } } });
    expect(unknownField).toMatchObject({ ok: false, error: { code: "validation_failed" } });
    const unknownColumn = await run([HEADER, ...GOOD], { mapping: { columns: { Mail: "email" } } });
    expect(unknownColumn).toMatchObject({ ok: false, error: { issues: [{ path: "columns.Mail" }] } });
    const noIdentity = await run([HEADER, ...GOOD], { mapping: { columns: { Titel: "title" } } });
    expect(noIdentity).toMatchObject({ ok: false, error: { issues: [{ path: "columns" }] } });
    expect(await stored()).toHaveLength(0);
  });

  it("imports customers through the matching rules, updating them only with update", async () => {
    const header = ["Firma", "Vorname", "Nachname", "E-Mail", "Telefon", "Ort"];
    const rows: CellValue[][] = [
      header,
      ["", "Jürgen", "Müller", "juergen@example.org", "", "Hannover"],
      ["Dachdecker Schulz GmbH", "", "", "", "0511 1", ""],
      ["", "Juergen", "Mueller", "JUERGEN@example.org", "0511 2", ""],
    ];
    expect(must(await s.importRows.execute(ws, rowsOf(rows), { type: "customers" }))).toMatchObject({ created: 2, unchanged: 1 });
    const customers = must(await s.customers.execute(ws)).items;
    expect(customers.map((c) => c.email ?? c.companyName).sort()).toEqual(["Dachdecker Schulz GmbH", "juergen@example.org"]);
    expect(customers.find((c) => c.email)?.phone).toBeNull();

    const updated = must(await s.importRows.execute(ws, rowsOf(rows), { type: "customers", update: true }));
    expect(updated).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect(must(await s.customers.execute(ws)).items.find((c) => c.email)).toMatchObject({ phone: "0511 2", address: { city: "Hannover" } });
    expect(s.uow.outboxEvents().map((e) => e.type)).toContain("CustomerUpdated");
  });
});

describe("importing rows: what old CRM exports bring", () => {
  let s: ReturnType<typeof setup>;
  let ws: string;
  const run = (rows: CellValue[][], options: ImportOptions = {}) => s.importRows.execute(ws, rowsOf(rows), options);
  const stored = async () => must(await s.inquiries.execute(ws, { limit: 200 })).items;

  beforeEach(async () => {
    s = setup();
    ws = must(await s.workspaces.execute("handwerk")).id;
    must(await new AddStaffMember(s.uow, new ManualClock(), new UuidV7Ids()).execute(ws, { name: "Anna", email: "anna@example.org" }));
  });

  it("keeps a row whose assignee is not on the staff, without the assignee, and reports a warning", async () => {
    const warned: FailedRow[] = [];
    const failed: FailedRow[] = [];
    const summary = must(
      await run(
        [
          ["Name", "E-Mail", "Zuständig"],
          ["Ex Kunde", "ex@example.org", "ehemalig@alte-firma.de"],
          ["Neu Kunde", "neu@example.org", "anna@example.org"],
        ],
        { onRowWarnings: (row) => void warned.push(row), onFailedRow: (row) => void failed.push(row) },
      ),
    );
    expect(summary).toMatchObject({ rows: 2, created: 2, failed: 0, warnings: 1 });
    expect(failed).toEqual([]);
    expect(warned).toEqual([
      expect.objectContaining({ number: 2, severity: "warning", issues: [{ column: "Zuständig", message: expect.stringContaining("not a staff member") }] }),
    ]);
    const byEmail = new Map((await stored()).map((inquiry) => [inquiry.contact.email, inquiry]));
    expect(byEmail.get("ex@example.org")?.assignee).toBeNull();
    expect(byEmail.get("neu@example.org")?.assignee).toBe("anna@example.org");
  });

  it("finds the rows of an earlier run after the mapping was fixed (the row key ignores the mapping)", async () => {
    const rows: CellValue[][] = [
      ["Name", "E-Mail", "Auftragsvolumen"],
      ["Otto Normal", "otto@example.org", "12.000"],
      ["Eva Beispiel", "eva@example.org", "8.500"],
    ];
    // First run: "Auftragsvolumen" is not a known header, so the value is left out.
    expect(must(await run(rows))).toMatchObject({ created: 2 });
    expect((await stored()).map((inquiry) => inquiry.expectedValueCents)).toEqual([null, null]);
    const fixed = { columns: { Name: "name", "E-Mail": "email", Auftragsvolumen: "expectedValue" } } as const;
    expect(must(await run(rows, { mapping: fixed, update: true }))).toMatchObject({ created: 0, updated: 2 });
    const after = await stored();
    expect(after).toHaveLength(2);
    expect(after.map((inquiry) => inquiry.expectedValueCents).sort((a, b) => Number(a) - Number(b))).toEqual([850_000, 1_200_000]);
  });

  it("still finds a row an earlier release imported under its mapping-dependent key", async () => {
    const oldKey = `row:${new CryptoSecrets().hash(JSON.stringify([["email", "otto@example.org"], ["name", "Otto Normal"]])).slice(0, 32)}`;
    must(
      await new CreateInquiry(s.uow, new ManualClock(), new UuidV7Ids()).execute(ws, {
        contact: { name: "Otto Normal", email: "otto@example.org" },
        source: "Import",
        externalRef: oldKey,
      }),
    );
    const summary = must(await run([["Name", "E-Mail"], ["Otto Normal", "otto@example.org"]]));
    expect(summary).toMatchObject({ created: 0, unchanged: 1 });
    expect(await stored()).toHaveLength(1);
  });
});

describe("importing rows: staff hear of an import once", () => {
  let s: ReturnType<typeof setup>;
  let ws: string;
  const ROWS: CellValue[][] = [
    ["Name", "E-Mail", "Wahrscheinlichkeit"],
    ["Otto Normal", "otto@example.org", "20"],
    ["Eva Beispiel", "eva@example.org", "30"],
    ["Bea Bad", "bea@example", "10"],
  ];
  const asMessage = (event: { id: string; workspaceId: string; type: string; aggregateId: string; occurredAt: string; payload: Record<string, unknown> }) => ({
    ...event,
    status: "pending" as const,
    attempts: 0,
    nextAttemptAt: event.occurredAt,
    lastError: null,
    processedAt: null,
  });
  const triggers = () => s.uow.outboxEvents().map((event) => notificationTriggerOf(asMessage(event))).filter((trigger) => trigger !== null);

  beforeEach(async () => {
    s = setup();
    ws = must(await s.workspaces.execute("handwerk")).id;
  });

  it("announces no single row, and one summary for the whole import", async () => {
    must(await s.importRows.execute(ws, rowsOf(ROWS)));
    const events = s.uow.outboxEvents();
    expect(events.filter((event) => event.type === "InquiryCreated")).toHaveLength(2);
    expect(events.filter((event) => event.type === "ImportFinished")).toHaveLength(1);
    const planned = triggers();
    expect(planned).toEqual([
      { type: "import_finished", summary: expect.objectContaining({ recordType: "inquiries", imported: 2, failed: 1 }) },
    ]);
    const summary = planned[0]!;
    if (summary.type !== "import_finished") throw new Error("expected the summary");
    expect(renderNotification({ kind: "import_finished", summary: summary.summary }, "de", "Anna", "http://x").title).toBe(
      "2 Anfragen importiert, 1 fehlerhaft",
    );
    expect(renderNotification({ kind: "import_finished", summary: summary.summary }, "en", "Anna", "http://x").title).toBe(
      "2 inquiries imported, 1 failed",
    );
  });

  it("announces every row with notify, as the API would", async () => {
    must(await s.importRows.execute(ws, rowsOf(ROWS), { notify: true }));
    expect(triggers().map((trigger) => trigger.type)).toEqual(["inquiry_created", "inquiry_created", "import_finished"]);
  });

  it("announces nothing for a dry run", async () => {
    must(await s.importRows.execute(ws, rowsOf(ROWS), { dryRun: true }));
    expect(s.uow.outboxEvents()).toEqual([]);
  });
});
