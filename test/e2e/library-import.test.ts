import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { createLeadport } from "../../src/hosts/library.js";
import { germanCsv, writeXlsx, writeZipBomb } from "../support/spreadsheets.js";
import { libraryDatabase } from "../support/test-database.js";

const dir = mkdtempSync(join(tmpdir(), "leadport-lib-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the library's import.fromStream", () => {
  it("imports a CSV stream with the CLI's rules, reports bad rows and is idempotent", async () => {
    const lp = await createLeadport(libraryDatabase(":memory:"));
    const csv = germanCsv([
      ["Name", "E-Mail", "Erwarteter Wert", "Wahrscheinlichkeit"],
      ["Jürgen Müller", "juergen@example.org", "12.500,50", "60"],
      ["Paul Prozent", "paul@example.org", "100", "150"],
    ]);
    const report = new PassThrough();
    const lines: string[] = [];
    report.on("data", (chunk: Buffer) => lines.push(...chunk.toString("utf8").trim().split("\r\n")));
    const first = await lp.import.fromStream(Readable.from([csv]), { format: "csv", source: "Altsystem", errorReport: report });
    expect(first).toMatchObject({ ok: true, value: { rows: 2, created: 1, failed: 1 } });
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^3;error;Wahrscheinlichkeit;must be an integer from 0 to 100;/);

    const listed = await lp.inquiries.list();
    expect(listed.ok && listed.value.items.map((i) => [i.source, i.expectedValue])).toEqual([["Altsystem", 12500.5]]);

    const dry = await lp.import.fromStream(Readable.from([csv]), { format: "csv", source: "Altsystem", dryRun: true });
    expect(dry).toMatchObject({ ok: true, value: { dryRun: true, created: 0, unchanged: 1, failed: 1 } });
    await lp.close();
  });

  it("imports an .xlsx stream and turns an unsafe file into a failure value", async () => {
    const lp = await createLeadport(libraryDatabase(":memory:"));
    const path = join(dir, "kunden.xlsx");
    await writeXlsx(path, { Kunden: [["Firma", "E-Mail"], ["Schulz GmbH", "info@schulz.example"]] });
    const imported = await lp.import.fromStream(createReadStream(path), { format: "xlsx", type: "customers" });
    expect(imported).toMatchObject({ ok: true, value: { type: "customers", created: 1 } });
    const customers = await lp.customers.list();
    expect(customers.ok && customers.value.items.map((c) => c.displayName)).toEqual(["Schulz GmbH"]);

    const bomb = join(dir, "bomb.xlsx");
    writeZipBomb(bomb);
    const refused = await lp.import.fromStream(createReadStream(bomb), { format: "xlsx" });
    expect(refused).toMatchObject({ ok: false, error: { code: "validation_failed", issues: [{ path: "file" }] } });
    expect(!refused.ok && refused.error.message).toContain("zip bomb");
    await lp.close();
  });
});
