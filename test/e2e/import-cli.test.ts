import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runLeadport } from "../support/cli.js";
import { germanCsv, writeXlsx, writeZipBomb } from "../support/spreadsheets.js";
import { queryDatabase, jsonValue } from "../support/test-database.js";

/** An Outlook/Excel-style German contact export with good and bad rows. */
const EXPORT = [
  ["Vorname", "Nachname", "Firma", "E-Mail", "Straße", "PLZ", "Ort", "Telefon", "Betreff", "Erwarteter Wert", "Wahrscheinlichkeit", "Nachfassen", "Dringlichkeit", "Notizen", "Lieblingsfarbe"],
  ["Jürgen", "Müller", "", "juergen@example.org", "Schwarzer Bär 2", "30449", "Hannover", "0511 4711", "Dachsanierung", "12.500,50", "60", "31.12.2026", "hoch", "Altbau", "blau"],
  ["Änne", "Öztürk", "Öztürk GmbH", "aenne@example.org", "", "", "Köln", "", "Heizung", "8.000", "30 %", "46387", "", "", ""],
  ["", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
  ["Bea", "Bad", "", "bea@example", "", "", "", "", "Falsche Mail", "100", "10", "", "", "=HYPERLINK(\"http://evil.example\")", ""],
  ["Nina", "Negativ", "", "nina@example.org", "", "", "", "", "Negativ", "-5", "10", "", "", "", ""],
  ["Paul", "Prozent", "", "paul@example.org", "", "", "", "", "Zu sicher", "100", "150", "", "", "", ""],
];
const GOOD_ONLY = EXPORT.slice(0, 3);

describe("leadport import", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const count = async (table: string) => Number((await queryDatabase<{ n: number | string }>(join(dir, "leadport.db"), `SELECT count(*) AS n FROM ${table}`))[0]!.n);
  const file = (name: string, content: Buffer | string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  /** An import a test starts from, stopping the test if it did not end as expected. */
  const givenImport = async (rows: string[][], exitCode: number) => {
    const run = await runLeadport(["import", file("vorher.csv", germanCsv(rows)), "--errors", join(dir, "vorher.errors.csv")], env);
    if (run.code !== exitCode) throw new Error(`the import beforehand exited ${run.code}, not ${exitCode}: ${run.stderr}`);
  };

  // A data directory of its own for every test: each one runs alone as well as in order.
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "leadport-import-"));
    env = { LEADPORT_DATA_DIR: dir };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("prints a mapping that it accepts back, and writes nothing doing so", async () => {
    const csv = file("kontakte.csv", germanCsv(EXPORT));
    const printed = await runLeadport(["import", csv, "--print-mapping"], env);
    expect(printed.code).toBe(0);
    const mapping = JSON.parse(printed.stdout);
    expect(mapping.columns).toMatchObject({ Vorname: "firstName", "E-Mail": "email", Betreff: "title", "Erwarteter Wert": "expectedValue", Lieblingsfarbe: null });
    expect(mapping.unmapped).toEqual(["Lieblingsfarbe"]);
    expect(mapping.sample).toMatchObject({ row: 2, values: { Nachname: "Müller", Straße: "Schwarzer Bär 2" } });
    expect(existsSync(join(dir, "leadport.db"))).toBe(false);

    mapping.columns.Notizen = null;
    const mapPath = file("mapping.json", JSON.stringify(mapping));
    const dry = await runLeadport(["import", csv, "--map", mapPath, "--dry-run", "--errors", join(dir, "dry.csv")], env);
    expect(dry.stdout).toContain("Columns not imported: Notizen, Lieblingsfarbe");
  });

  it("validates everything in a dry run and writes nothing to the database", async () => {
    const csv = file("kontakte.csv", germanCsv(EXPORT));
    const dry = await runLeadport(["import", csv, "--dry-run", "--errors", join(dir, "dry-errors.csv")], env);
    expect(dry.code, dry.stderr).toBe(3);
    expect(dry.stdout).toMatch(/rows\s+5\n\s+created\s+2\n\s+updated\s+0\n\s+unchanged\s+0\n\s+failed\s+3\n\s+warnings\s+0/);
    expect(dry.stdout).toContain("Dry run: nothing was written");
    for (const table of ["inquiries", "customers", "outbox"]) expect(await count(table), table).toBe(0);
    expect(parse(readFileSync(join(dir, "dry-errors.csv")), { delimiter: ";", bom: true })).toHaveLength(4);
  });

  it("imports the good rows of a German export, reports the bad ones and exits 3", async () => {
    const csv = file("kontakte.csv", germanCsv(EXPORT));
    const run = await runLeadport(["import", csv], env);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toMatch(/created\s+2\n\s+updated\s+0\n\s+unchanged\s+0\n\s+failed\s+3/);
    expect(run.stderr).toContain("3 of 5 rows failed");
    expect(await count("inquiries")).toBe(2);

    const report = parse(readFileSync(join(dir, "kontakte.errors.csv")), { delimiter: ";", bom: true }) as string[][];
    expect(report.map((line) => line.slice(0, 4))).toEqual([
      ["row", "severity", "column", "reason"],
      ["5", "error", "E-Mail", "is not a valid e-mail address"],
      ["6", "error", "Erwarteter Wert", "must not be negative"],
      ["7", "error", "Wahrscheinlichkeit", "must be an integer from 0 to 100"],
    ]);
    expect(report[1]).toContain(`'=HYPERLINK("http://evil.example")`);
    expect(report[2]).toContain("'-5");

    const listed = await runLeadport(["import", csv, "--print-mapping"], env);
    expect(listed.code).toBe(0);
  });

  it("creates nothing on a second run of the same file", async () => {
    const csv = file("kontakte.csv", germanCsv(EXPORT));
    // The first run: two good rows in, three bad ones out.
    await givenImport(EXPORT, 3);
    const before = { inquiries: await count("inquiries"), customers: await count("customers"), outbox: await count("outbox") };
    const again = await runLeadport(["import", csv], env);
    expect(again.stdout).toMatch(/created\s+0\n\s+updated\s+0\n\s+unchanged\s+2\n\s+failed\s+3/);
    expect({ inquiries: await count("inquiries"), customers: await count("customers"), outbox: await count("outbox") }).toEqual(before);
  });

  it("exits 0 when every row goes in, and imports an .xlsx the same way", async () => {
    const xlsx = join(dir, "kontakte.xlsx");
    await writeXlsx(xlsx, {
      Anfragen: [
        ["ID", "Name", "E-Mail", "Erwarteter Wert", "Gewünschter Start", "Quelle"],
        ["X-1", "Karl Klempner", "karl@example.org", { formula: "1000*2", result: 2000 }, new Date(Date.UTC(2027, 2, 1)), "Altsystem"],
      ],
    });
    const run = await runLeadport(["import", xlsx, "--workspace", "default"], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/created\s+1/);
    const [row] = await queryDatabase<{ data: unknown }>(join(dir, "leadport.db"), "SELECT data FROM inquiries WHERE external_ref = 'X-1'");
    expect(jsonValue(row!.data)).toMatchObject({ expectedValueCents: 200_000, desiredStartDate: "2027-03-01", source: "Altsystem" });

    const goodCsv = file("gut.csv", germanCsv(GOOD_ONLY));
    expect((await runLeadport(["import", goodCsv, "--source", "Migration"], env)).code).toBe(0);
  });

  it("fails with exit 1 and a clear message on an unreadable file, a zip bomb or a bad mapping", async () => {
    const corrupt = file("kaputt.xlsx", "PK\u0003\u0004 not a zip");
    const run = await runLeadport(["import", corrupt], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: not a valid \.xlsx file/);

    const bomb = join(dir, "bomb.xlsx");
    writeZipBomb(bomb);
    const bombRun = await runLeadport(["import", bomb], env);
    expect(bombRun.code).toBe(1);
    expect(bombRun.stderr).toContain("zip bomb");

    const csv = file("kontakte.csv", germanCsv(EXPORT));
    const badMap = await runLeadport(["import", csv, "--map", file("bad.json", '{"columns":{"E-Mail":"telefax"}}')], env);
    expect(badMap.code).toBe(1);
    expect(badMap.stderr).toContain("columns.E-Mail");
    const notJson = await runLeadport(["import", csv, "--map", file("bad2.json", "{")], env);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain("cannot read the mapping");

    const tooBig = await runLeadport(["import", csv], { ...env, LEADPORT_IMPORT_MAX_BYTES: "100" });
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr).toContain("LEADPORT_IMPORT_MAX_BYTES");
    expect((await runLeadport(["import", join(dir, "fehlt.csv")], env)).code).toBe(1);
    const unwritable = await runLeadport(["import", csv, "--dry-run", "--errors", join(dir, "no-such-dir", "r.csv")], env);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toContain("cannot write the error report");
  }, 120_000);

  it("imports customers alone with --type customers", async () => {
    // Jürgen Müller is a customer already.
    await givenImport(GOOD_ONLY, 0);
    const csv = file("kunden.csv", germanCsv([["Firma", "E-Mail", "Ort"], ["Dachdecker Schulz GmbH", "info@schulz.example", "Hannover"], ["", "juergen@example.org", ""]]));
    const before = await count("customers");
    const run = await runLeadport(["import", csv, "--type", "customers"], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/created\s+1\n\s+updated\s+0\n\s+unchanged\s+1/);
    expect(await count("customers")).toBe(before + 1);
  });
});
