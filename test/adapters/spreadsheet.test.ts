import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import type { RawRow, RowSource } from "../../src/application/ports/row-source.js";
import { csvRows, detectDelimiter } from "../../src/adapters/spreadsheet/csv-rows.js";
import { ErrorReportWriter, neutralizeFormula } from "../../src/adapters/spreadsheet/error-report.js";
import { openSpreadsheetFile, openSpreadsheetStream } from "../../src/adapters/spreadsheet/open-spreadsheet.js";
import { SpreadsheetError } from "../../src/adapters/spreadsheet/spreadsheet-error.js";
import { germanCsv, writeXlsx, writeZipBomb } from "../support/spreadsheets.js";

const dir = mkdtempSync(join(tmpdir(), "leadport-sheets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(rows: RowSource): Promise<RawRow[]> {
  const all: RawRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

async function* chunksOf(bytes: Buffer, size = 7): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

describe("CSV and TSV rows", () => {
  it("reads a German Excel CSV: semicolons, Windows-1252 umlauts, quoted fields", async () => {
    const bytes = germanCsv([["Name", "Straße", "Notizen"], ["Jürgen Müller", "Schwarzer Bär 2", '"Altbau; Ziegel"']]);
    expect(bytes.includes(Buffer.from("ü", "utf8"))).toBe(false);
    const rows = await collect(csvRows(chunksOf(bytes), "csv"));
    expect(rows).toEqual([
      { number: 1, cells: ["Name", "Straße", "Notizen"] },
      { number: 2, cells: ["Jürgen Müller", "Schwarzer Bär 2", "Altbau; Ziegel"] },
    ]);
  });

  it("reads UTF-8 with a byte-order mark, commas, and a character split across the detection sample", async () => {
    const filler = "x".repeat(64 * 1024 - 12);
    const text = `\uFEFFName,Notiz\r\nÄnne,${filler}ÖÜ\r\nBob,ß\r\n`;
    const rows = await collect(csvRows(chunksOf(Buffer.from(text, "utf8"), 4096), "csv"));
    expect(rows.map((row) => row.cells[0])).toEqual(["Name", "Änne", "Bob"]);
    expect(rows[1]?.cells[1]?.toString().endsWith("ÖÜ")).toBe(true);
    expect(rows[2]?.cells[1]).toBe("ß");
  });

  it("reads TSV and detects the delimiter from the header, ignoring quoted ones", async () => {
    const rows = await collect(csvRows(chunksOf(Buffer.from("Name\tE-Mail\nA, B\ta@example.org\n")), "tsv"));
    expect(rows[1]?.cells).toEqual(["A, B", "a@example.org"]);
    expect(detectDelimiter('"Name; Vorname",E-Mail,Ort')).toBe(",");
    expect(detectDelimiter("Name;E-Mail;Ort")).toBe(";");
    expect(detectDelimiter("Name\tE-Mail")).toBe("\t");
  });

  it("stops a stream at the size limit with a clear error", async () => {
    const opened = await openSpreadsheetStream(chunksOf(Buffer.from("Name\n".repeat(1000))), { format: "csv", maxBytes: 100 });
    await expect(collect(opened.rows)).rejects.toThrow(/larger than 100 bytes/);
  });
});

describe("XLSX rows", () => {
  it("reads a real workbook: numbers, dates, cached formula results, the first sheet or a named one", async () => {
    const path = join(dir, "kontakte.xlsx");
    await writeXlsx(path, {
      Kontakte: [
        ["Name", "Wert", "Doppelt", "Nachfassen", "PLZ"],
        ["Jürgen Müller", 12500.5, { formula: "B2*2", result: 25001 }, new Date(Date.UTC(2026, 11, 31)), "03046"],
        [],
        ["Erika", { richText: [{ text: "1" }, { text: "00" }] }, { formula: "NOW()", result: undefined }, 46387, 30449],
      ],
      Zweites: [["E-Mail"], ["zwei@example.org"]],
    });
    const opened = await openSpreadsheetFile(path);
    const rows = await collect(opened.rows);
    expect(rows.map((row) => row.number)).toEqual([1, 2, 4]);
    expect(rows[1]?.cells).toEqual(["Jürgen Müller", 12500.5, 25001, "2026-12-31", "03046"]);
    expect(rows[2]?.cells).toEqual(["Erika", "100", null, 46387, 30449]);

    const second = await collect((await openSpreadsheetFile(path, { sheet: "Zweites" })).rows);
    expect(second.map((row) => row.cells)).toEqual([["E-Mail"], ["zwei@example.org"]]);
    await expect(collect((await openSpreadsheetFile(path, { sheet: "Fehlt" })).rows)).rejects.toThrow(/no sheet "Fehlt".*Kontakte, Zweites/);
  });

  it("refuses a zip bomb before unpacking it", async () => {
    const path = join(dir, "bomb.xlsx");
    writeZipBomb(path);
    await expect(openSpreadsheetFile(path)).rejects.toThrow(/zip bomb/);
    await expect(openSpreadsheetFile(path)).rejects.toBeInstanceOf(SpreadsheetError);
  });

  it("refuses a workbook that unpacks beyond the size limit", async () => {
    const path = join(dir, "big.xlsx");
    await writeXlsx(path, { Blatt: Array.from({ length: 200 }, (_, i) => [`Zeile ${i}`, i]) });
    await expect(openSpreadsheetFile(path, { maxBytes: 20_000 })).rejects.toThrow(/unpacks to more than 20000 bytes/);
  });

  it("reports a corrupt file instead of crashing", async () => {
    const path = join(dir, "kaputt.xlsx");
    writeFileSync(path, Buffer.from("PK\u0003\u0004 this is not really a zip file at all"));
    await expect(openSpreadsheetFile(path)).rejects.toThrow(/not a valid \.xlsx file/);
    const truncated = join(dir, "truncated.xlsx");
    await writeXlsx(join(dir, "whole.xlsx"), { Blatt: [["Name"], ["A"]] });
    writeFileSync(truncated, readFileSync(join(dir, "whole.xlsx")).subarray(0, 2000));
    await expect(openSpreadsheetFile(truncated)).rejects.toBeInstanceOf(SpreadsheetError);
    await expect(openSpreadsheetFile(join(dir, "missing.csv"))).rejects.toThrow(/cannot read .*ENOENT/);
    await expect(openSpreadsheetFile(join(dir, "notes.txt"))).rejects.toThrow(/expected a \.xlsx, \.csv or \.tsv file/);
  });
});

describe("the error report", () => {
  it("neutralises values Excel would run as formulas", () => {
    for (const value of ["=1+1", "+49 511", "-5", "@SUM(A1)", "\t=1", "\r=1"]) expect(neutralizeFormula(value)).toBe(`'${value}`);
    expect(neutralizeFormula("Müller")).toBe("Müller");
  });

  it("writes one line per problem with row, column, reason and the original values", async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (chunk: Buffer) => chunks.push(chunk));
    const report = new ErrorReportWriter(() => out);
    const headers = ["Name", "E-Mail", "Wert"];
    await report.add(
      {
        number: 7,
        severity: "error",
        issues: [{ column: "E-Mail", message: "is not a valid e-mail address" }, { column: "Wert", message: "must not be negative" }],
        values: ['=HYPERLINK("http://evil.example";"klick")', "a@b", "-5"],
      },
      headers,
    );
    await report.close(headers, false);
    const text = Buffer.concat(chunks).toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const records = parse(text, { delimiter: ";", bom: true }) as string[][];
    expect(records).toEqual([
      ["row", "severity", "column", "reason", "Name", "E-Mail", "Wert"],
      ["7", "error", "E-Mail", "is not a valid e-mail address", `'=HYPERLINK("http://evil.example";"klick")`, "a@b", "'-5"],
      ["7", "error", "Wert", "must not be negative", `'=HYPERLINK("http://evil.example";"klick")`, "a@b", "'-5"],
    ]);
  });
});
