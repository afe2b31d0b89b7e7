import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/hosts/cli.js";
import { createLeadport } from "../../src/hosts/library.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually } from "../support/smtp-sink.js";
import { startFakeLexoffice, type FakeLexoffice } from "./support/fake-lexoffice.js";
import { dataDirEnv, libraryDatabase } from "../support/test-database.js";

let fake: FakeLexoffice;
let server: TestServer;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (text) => out.push(text), err: (text) => err.push(text), env: { ...dataDirEnv(server.dataDir), LEADPORT_LEXOFFICE_URL: fake.url } });
  return { code, out: out.join(""), err: err.join("") };
}

beforeAll(async () => {
  fake = await startFakeLexoffice();
  server = await startTestServer({ LEADPORT_LEXOFFICE_URL: fake.url, LEADPORT_OUTBOX_POLL_MS: "100" });
});
afterAll(async () => {
  await server.stop();
  await fake.close();
});

describe("accounting through the CLI and the HTTP API", () => {
  it("refuses a token that fails the test call, naming the reason", async () => {
    const refused = await cli(["accounting", "connect", "lexoffice", "--token", "not-the-token"]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/--token was refused by the accounting system .*401/);
    expect(refused.err + refused.out).not.toContain("not-the-token");
    expect((await cli(["accounting", "connect", "sevdesk", "--token", "x"])).code).toBe(2);
    const badRate = await cli(["accounting", "connect", "lexoffice", "--token", fake.token, "--vat-rate", "120"]);
    expect(badRate.code).toBe(2);
    expect(badRate.err).toMatch(/--vat-rate must be a percentage/);
  });

  it("connects, sends a won inquiry's draft once and shows it, without ever showing the token", async () => {
    const connected = await cli(["accounting", "connect", "lexoffice", "--token", fake.token, "--vat-rate", "7"]);
    expect(connected.code).toBe(0);
    expect(connected.out).toMatch(/Connected lexoffice .*VAT 7 %/);

    const created = await server.request("/api/v1/inquiries", {
      method: "POST",
      json: { title: "Dachfenster", expectedValue: 1200, category: "Dach", customer: { type: "company", companyName: "Holzbau Nord", email: "info@holzbau-nord.de", address: { street: "Ring 1", zipcode: "20095", city: "Hamburg", countryCode: "DE" } } },
    });
    const inquiry = await created.json();
    const before = await (await server.request(`/api/v1/inquiries/${inquiry.id}/accounting`)).json();
    expect(before.status).toBe("none");

    expect((await server.request(`/api/v1/inquiries/${inquiry.id}`, { method: "PATCH", json: { status: "Gewonnen" } })).status).toBe(200);
    const sent = await eventually(async () => {
      const body = await (await server.request(`/api/v1/inquiries/${inquiry.id}/accounting`)).json();
      return body.status === "sent" ? body : null;
    }, "the quote draft");
    expect(sent).toMatchObject({
      provider: "lexoffice",
      remoteQuoteId: fake.quotations[0]!.id,
      quote: { title: "Dachfenster", contact: { kind: "company", name: "Holzbau Nord" }, lineItem: { netAmount: 1200, taxRatePercent: 7, description: "Dach" } },
    });
    expect(fake.quotations[0]).toMatchObject({ voucherStatus: "draft", lineItems: [{ unitPrice: { netAmount: 1200, taxRatePercentage: 7 } }] });

    const status = await (await server.request("/api/v1/accounting")).json();
    expect(status).toMatchObject({ connection: { provider: "lexoffice", state: "connected", hasToken: true, vatRatePercent: 7 }, counts: { sent: 1 } });
    expect(JSON.stringify(status)).not.toContain(fake.token);

    const shown = await cli(["accounting", "status"]);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/lexoffice, connected/);
    expect(shown.out).toContain(`${inquiry.id}  sent`);
    expect(shown.out).not.toContain(fake.token);
    const one = await cli(["accounting", "status", "--inquiry", inquiry.id, "--json"]);
    expect(JSON.parse(one.out)).toMatchObject({ status: "sent" });

    // Another workspace's key does not see this inquiry's accounting.
    expect((await cli(["workspaces", "create", "other"])).code).toBe(0);
    const otherKey = (await cli(["keys", "create", "--name", "Other", "--workspace", "other"])).out.trim().split("\n").pop()!;
    expect((await server.request(`/api/v1/inquiries/${inquiry.id}/accounting`, { key: otherKey })).status).toBe(404);
    expect((await cli(["accounting", "status", "--workspace", "other", "--inquiry", inquiry.id])).code).toBe(1);

    // The token appears nowhere the server writes: its log, mails.
    expect(server.output.join("\n")).not.toContain(fake.token);
    const mailDir = join(server.dataDir, "mail");
    const entries = existsSync(mailDir) ? readdirSync(mailDir, { withFileTypes: true }) : [];
    for (const name of entries.filter((entry) => entry.isFile()).map((entry) => entry.name)) {
      expect(readFileSync(join(mailDir, name), "utf8")).not.toContain(fake.token);
    }
  });
});

describe("accounting in the library", () => {
  it("connects the file drop and writes a won inquiry's draft as JSON and text", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leadport-accounting-lib-"));
    const lp = await createLeadport({ ...libraryDatabase(join(dir, "leadport.db")), dataDir: dir });
    try {
      const connected = await lp.accounting.connect({ provider: "file" });
      expect(connected.ok && connected.value.provider).toBe("file");
      const created = await lp.inquiries.create({ title: "Wintergarten mit Schiebetüren und Dachverglasung", expectedValue: 30000, contact: { name: "Lena", email: "lena@example.org" } });
      if (!created.ok) throw new Error(created.error.message);
      await lp.inquiries.update(created.value.inquiry.id, { status: "Gewonnen" });
      await lp.outbox.runOnce();
      const sync = await lp.accounting.sync(created.value.inquiry.id);
      expect(sync.ok && sync.value).toMatchObject({ status: "needs_review", provider: "file" });
      const quotes = join(dir, "accounting");
      const [workspace] = readdirSync(quotes);
      const files = readdirSync(join(quotes, workspace!, "quotes")).sort();
      expect(files).toEqual([`${created.value.inquiry.id}.json`, `${created.value.inquiry.id}.txt`]);
      const text = readFileSync(join(quotes, workspace!, "quotes", `${created.value.inquiry.id}.txt`), "utf8");
      expect(text).toContain("Angebotsentwurf: Wintergarten mit…");
      expect(text).toContain("Musterstraße 1");
      expect(text).toContain("Bitte prüfen");
      const status = await lp.accounting.status();
      expect(status.ok && status.value.counts.needs_review).toBe(1);
    } finally {
      await lp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
