import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/hosts/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { dataDirEnv } from "../support/test-database.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The fields a spreadsheet carries; ids, timestamps, logbook and matching are the new workspace's own. */
const COMPARED = [
  "title", "contact", "address", "status", "source", "expectedValue", "probability", "urgency", "assignee", "followUpDate",
  "expectedCloseDate", "desiredStartDate", "category", "budget", "tags", "notes", "leadScore",
] as const;

const pick = (inquiry: Json) => Object.fromEntries(COMPARED.map((field) => [field, inquiry[field]]));

describe("exporting inquiries and customers", () => {
  let server: TestServer;
  let dir: string;
  const env = () => dataDirEnv(server.dataDir);

  /** The CLI in this process: exit code and what it printed. */
  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await runCli(argv, { out: (text) => (out += text), err: (text) => (err += text), env: env() });
    return { code, out, err };
  }

  async function keyFor(workspace: string): Promise<string> {
    expect((await cli("workspaces", "create", workspace)).code).toBe(0);
    expect((await cli("staff", "add", "--workspace", workspace, "--email", "meister@example.org", "--name", "Meister", "--no-email")).code).toBe(0);
    const created = await cli("keys", "create", "--name", "test", "--workspace", workspace);
    return created.out.trim().split("\n").pop()!;
  }

  async function listAll(key: string): Promise<Json[]> {
    const answer = await (await server.request("/api/v1/inquiries?limit=200", { key })).json();
    return answer.items;
  }

  beforeAll(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), "leadport-export-"));
    expect((await cli("staff", "add", "--email", "meister@example.org", "--name", "Meister", "--no-email")).code).toBe(0);
    const inquiries: Json[] = [
      {
        title: "Dachsanierung Müller; Süd-Seite",
        contact: { name: "Jürgen Müller", email: "juergen@example.org", phone: "+49 511 4711" },
        address: { street: "Schwarzer Bär 2", zipcode: "30449", city: "Hannover", countryCode: "DE" },
        source: "Empfehlung",
        status: "Angebot versendet",
        expectedValue: 18500.5,
        probability: 60,
        urgency: "high",
        assignee: "meister@example.org",
        followUpDate: "2026-12-03",
        expectedCloseDate: "2027-01-15",
        desiredStartDate: "2027-03-01",
        category: "Dach",
        budget: { min: 15000.25, max: 25000 },
        tags: ["Dach", "Förderung"],
        notes: "Erstkontakt per Telefon;\nRückruf nach 17 Uhr, \"dringend\"",
      },
      { title: "=HYPERLINK(\"http://x\")", contact: { name: "Ölfa Straßer", email: "oelfa@example.org" }, urgency: "low", expectedValue: 0.99 },
      { title: "Gartenmauer", contact: { name: "Eva Ächt", phone: "-0511 12" }, source: "Website", externalRef: "web-17" },
    ];
    for (const json of inquiries) expect((await server.request("/api/v1/inquiries", { method: "POST", json })).status).toBe(201);
  });

  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes CSV for German Excel: BOM, semicolons, decimal comma, dd.mm.yyyy, formulas defused", async () => {
    const response = await server.request("/api/v1/inquiries/export?sort=-leadScore");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="anfragen-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8").slice(1);
    expect(text.split("\r\n")[0]).toMatch(/^ID;Titel;Name;E-Mail;Telefon;Straße;PLZ;Ort;Land;Status;Quelle;Erwarteter Wert;/);
    expect(text).toContain(";18500,50;60;hoch;meister@example.org;03.12.2026;15.01.2027;01.03.2027;Dach;15000,25;25000,00;Dach, Förderung;");
    expect(text).toContain('"Erstkontakt per Telefon;\nRückruf nach 17 Uhr, ""dringend"""');
    expect(text).toContain(";'+49 511 4711;");
    expect(text).toContain(`;"'=HYPERLINK(""http://x"")";`);
    expect(text).toContain(";0,99;");
  });

  it("answers 400 naming the field for a bad filter or format, and needs a key", async () => {
    const bad = await server.request("/api/v1/inquiries/export?followUpDue=someday");
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe("followUpDue");
    const format = await server.request("/api/v1/customers/export?format=pdf");
    expect(format.status).toBe(400);
    expect((await format.json()).errors[0].path).toBe("format");
    expect((await server.request("/api/v1/inquiries/export", { key: null })).status).toBe(401);
  });

  it("exports customers at /customers/export, not as a customer with the id 'export'", async () => {
    const response = await server.request("/api/v1/customers/export?q=müller");
    expect(response.status).toBe(200);
    const lines = (await response.text()).trim().split("\r\n"); // fetch drops the BOM
    expect(lines[0]).toBe("Kunden-ID;Anrede;Vorname;Nachname;Firma;E-Mail;Telefon;Straße;PLZ;Ort;Land;Erstellt");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(";Jürgen;Müller;;juergen@example.org;'+49 511 4711;Schwarzer Bär 2;30449;Hannover;DE;");
  });

  it("applies the list's filters to the export", async () => {
    const response = await server.request("/api/v1/inquiries/export?source=Website");
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^web-17;Gartenmauer;/);
  });

  for (const format of ["csv", "xlsx"] as const) {
    it(`re-imports its ${format} export with 'leadport import' into a fresh workspace, field by field the same`, async () => {
      const response = await server.request(`/api/v1/inquiries/export?format=${format}`);
      expect(response.status).toBe(200);
      const file = join(dir, `anfragen.${format}`);
      writeFileSync(file, Buffer.from(await response.arrayBuffer()));
      const key = await keyFor(`ziel-${format}`);

      const imported = await cli("import", file, "--workspace", `ziel-${format}`);
      expect(imported.err).toBe("");
      expect(imported.code).toBe(0);

      const originals = await listAll(server.key);
      const copies = await listAll(key);
      expect(copies).toHaveLength(originals.length);
      for (const original of originals) {
        const copy = copies.find((c) => c.externalRef === (original.externalRef ?? original.id));
        expect(copy, original.title).toBeDefined();
        expect(pick(copy!)).toEqual(pick(original));
      }
    });
  }

  it("exports from the command line to a file or standard output, and leaves no file behind on bad input", async () => {
    const out = join(dir, "cli.xlsx");
    const written = await cli("export", "inquiries", "--format", "xlsx", "--out", out, "--min-score", "0", "--sort", "followUpDate");
    expect(written).toMatchObject({ code: 0, out: `Exported 3 inquiries to ${out}\n` });
    expect(readFileSync(out).subarray(0, 2).toString()).toBe("PK");

    const csv = await cli("export", "customers");
    expect(csv.code).toBe(0);
    expect(csv.out.startsWith("\uFEFFKunden-ID;Anrede;")).toBe(true);
    expect(csv.out.trim().split("\r\n")).toHaveLength(4);

    const refused = join(dir, "refused.csv");
    const bad = await cli("export", "inquiries", "--out", refused, "--min-score", "hundert");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("minScore");
    expect(existsSync(refused) || existsSync(`${refused}.partial`)).toBe(false);
    expect((await cli("export", "inquiries", "--format", "xlsx")).code).toBe(2);
  });
});
