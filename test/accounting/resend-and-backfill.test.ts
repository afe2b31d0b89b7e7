import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLeadport } from "../../src/hosts/library.js";
import { runLeadport } from "../support/cli.js";
import { DocumentedResponses } from "../support/documented-responses.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually } from "../support/smtp-sink.js";
import { startFakeLexoffice, type FakeLexoffice } from "./support/fake-lexoffice.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ZIEGLER = {
  title: "Gaube",
  customer: { type: "person", firstName: "Jan", lastName: "Ziegler", email: "jan@example.org", address: { street: "Am Hang 1", zipcode: "30167", city: "Hannover", countryCode: "DE" } },
};
const KORN = {
  title: "Fassade",
  expectedValue: 42000,
  customer: { type: "company", companyName: "Bäckerei Korn GmbH", email: "info@baeckerei-korn.de", address: { street: "Mühlenweg 7", zipcode: "30159", city: "Hannover", countryCode: "DE" } },
};

let fake: FakeLexoffice;
let server: TestServer;
let documented: DocumentedResponses;

beforeAll(async () => {
  fake = await startFakeLexoffice();
  server = await startTestServer({ LEADPORT_LEXOFFICE_URL: fake.url, LEADPORT_OUTBOX_POLL_MS: "100" });
  documented = new DocumentedResponses((await (await fetch(`${server.url}/openapi.json`)).json()) as Json);
});
afterAll(async () => {
  await server.stop();
  await fake.close();
});

/** A request with the server's key (or the one given), its answer held to the API reference. */
async function call(method: string, path: string, init: Parameters<TestServer["request"]>[1] = {}): Promise<{ status: number; body: Json }> {
  const checked = await documented.check(method, path, await server.request(path, { method, ...init }));
  return { status: checked.status, body: checked.body as Json };
}

const cli = (args: string[]) => runLeadport(args, { LEADPORT_DATA_DIR: server.dataDir, LEADPORT_LEXOFFICE_URL: fake.url });

async function wonInquiry(input: object): Promise<string> {
  const { body } = await call("POST", "/api/v1/inquiries", { json: input });
  expect((await call("PATCH", `/api/v1/inquiries/${body.id}`, { json: { status: "Gewonnen" } })).status).toBe(200);
  return body.id as string;
}

const accountingOf = (id: string) => async () => (await call("GET", `/api/v1/inquiries/${id}/accounting`)).body;
const settled = (id: string, status: string) => eventually(async () => ((await accountingOf(id)()).status === status ? accountingOf(id)() : null), `${id} ${status}`);

describe("wins from before connecting, and refused drafts sent again", () => {
  it("queues the wins from before connecting once, and sends a refused draft again after the data was corrected", async () => {
    // Won while nothing was connected: no draft, and nothing to queue it for yet.
    const early = await wonInquiry(KORN);
    const pendingWins = async () => (JSON.parse((await cli(["outbox", "list", "--pending", "--json"])).stdout) as Json[]).filter((message) => message.type === "InquiryWon");
    await eventually(async () => (await pendingWins()).length === 0, "the win delivered while nothing is connected");
    const refusedEarly = await call("POST", "/api/v1/accounting/backfill", { json: { since: "2020-01-01" } });
    expect(refusedEarly.status).toBe(409);
    expect(refusedEarly.body).toMatchObject({ code: "accounting_not_connected", type: "/docs/problems#accounting_not_connected" });
    expect((await cli(["accounting", "send-won", "--since", "2020-01-01"])).code).toBe(1);

    // A VAT rate the service refuses: the next win's draft comes back as needs review.
    expect((await cli(["accounting", "connect", "lexoffice", "--token", fake.token, "--vat-rate", "16"])).code).toBe(0);
    const refused = await wonInquiry(ZIEGLER);
    const review = await settled(refused, "needs_review");
    expect(review).toMatchObject({ remoteQuoteId: null, reviewReasons: [expect.stringMatching(/Steuersatz/)] });
    expect(fake.quotations).toHaveLength(0);

    // Nothing else is resendable: an unknown inquiry, another workspace's, one not won, one with nothing refused.
    expect((await call("POST", "/api/v1/inquiries/no-such-id/accounting/resend")).status).toBe(404);
    expect((await cli(["workspaces", "create", "other"])).code).toBe(0);
    const otherKey = (await cli(["keys", "create", "--name", "Other", "--workspace", "other"])).stdout.trim().split("\n").pop()!;
    expect((await call("POST", `/api/v1/inquiries/${refused}/accounting/resend`, { key: otherKey })).body).toMatchObject({ status: 404, code: "not_found" });
    const open = (await call("POST", "/api/v1/inquiries", { json: { title: "Offen", contact: { name: "Olga Offen", email: "olga@example.org" } } })).body.id as string;
    const notWon = await call("POST", `/api/v1/inquiries/${open}/accounting/resend`);
    expect(notWon.body).toMatchObject({ status: 409, code: "accounting_not_resendable", detail: expect.stringMatching(/not won/) });
    expect((await call("POST", `/api/v1/inquiries/${early}/accounting/resend`)).body.detail).toMatch(/never sent.*send-won/);

    // The backfill: the early win is queued (also refused for the rate); the refused one has a record and stays.
    for (const body of [{ since: "2026-13-01" }, { since: "2020-01-01", extra: true }]) expect((await call("POST", "/api/v1/accounting/backfill", { json: body })).status).toBe(400);
    const backfill = await call("POST", "/api/v1/accounting/backfill", { json: { since: "2020-01-01" } });
    expect(backfill).toMatchObject({ status: 202, body: { since: "2020-01-01", queued: 1 } });
    expect((await call("POST", "/api/v1/accounting/backfill", { json: { since: "2020-01-01" } })).body.queued).toBe(0);
    await settled(early, "needs_review");
    const later = await cli(["accounting", "send-won", "--since", "2099-01-01"]);
    expect(later).toMatchObject({ code: 0, stdout: expect.stringMatching(/Queued 0 quote drafts of inquiries won since 2099-01-01/) });
    expect(await cli(["accounting", "send-won", "--since", "gestern"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--since must be a date as YYYY-MM-DD/) });

    // Staff correct the rate and the inquiry's value; the draft is built anew and goes out.
    expect((await cli(["accounting", "connect", "lexoffice", "--token", fake.token, "--vat-rate", "19"])).code).toBe(0);
    expect((await call("PATCH", `/api/v1/inquiries/${refused}`, { json: { expectedValue: 7000 } })).status).toBe(200);
    const queued = await call("POST", `/api/v1/inquiries/${refused}/accounting/resend`);
    expect(queued).toMatchObject({ status: 202, body: { status: "pending", reviewReasons: [], quote: { lineItem: { netAmount: 7000, taxRatePercent: 19 } } } });
    const sent = await settled(refused, "sent");
    const quote = fake.quotations.find((quotation) => quotation.id === sent.remoteQuoteId);
    expect(quote?.lineItems[0]?.unitPrice).toMatchObject({ netAmount: 7000, taxRatePercentage: 19 });
    // The contact made before the refusal is the same and is reused.
    expect(fake.contacts.filter((contact) => contact.person?.lastName === "Ziegler")).toHaveLength(1);
    expect((await call("POST", `/api/v1/inquiries/${refused}/accounting/resend`)).body.detail).toMatch(/exists in the accounting system/);

    // The command line sends the early win again, once.
    const resent = await cli(["accounting", "resend", early]);
    expect(resent.code, resent.stderr).toBe(0);
    expect(resent.stdout).toContain(`Queued the quote draft of inquiry ${early} again`);
    await settled(early, "sent");
    const again = await cli(["accounting", "resend", early]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/cannot be sent again: its quote draft exists/);
    expect((await cli(["accounting", "resend", "no-such-id"])).code).toBe(1);
    expect(fake.quotations).toHaveLength(2);
  });
});

describe("resend and backfill in the library", () => {
  it("queues the wins from before connecting and refuses to send a draft that exists again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leadport-accounting-backfill-"));
    const lp = await createLeadport({ database: join(dir, "leadport.db"), dataDir: dir });
    try {
      const created = await lp.inquiries.create({ title: "Carport", expectedValue: 5000, contact: { name: "Lena Lang", email: "lena@example.org" } });
      if (!created.ok) throw new Error(created.error.message);
      const id = created.value.inquiry.id;
      await lp.inquiries.update(id, { status: "Gewonnen" });
      await lp.outbox.runOnce();
      expect(await lp.accounting.sendWon({ since: "2020-01-01" })).toMatchObject({ ok: false, error: { code: "conflict" } });

      await lp.accounting.connect({ provider: "file" });
      expect(await lp.accounting.sendWon({ since: "2020-01-01" })).toEqual({ ok: true, value: { since: "2020-01-01", queued: 1 } });
      expect(await lp.accounting.sendWon({ since: "2020-01-01" })).toEqual({ ok: true, value: { since: "2020-01-01", queued: 0 } });
      expect(await lp.accounting.sendWon({ since: "01.01.2020" })).toMatchObject({ ok: false, error: { code: "validation_failed" } });
      await lp.outbox.runOnce();
      // Sent with the placeholder address: it exists as a file and is corrected there, not sent again.
      expect(await lp.accounting.sync(id)).toMatchObject({ ok: true, value: { status: "needs_review", remoteQuoteId: expect.any(String) } });
      const resend = await lp.accounting.resend(id);
      expect(resend).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringMatching(/exists in the accounting system/) } });
      expect(await lp.accounting.resend("no-such-id")).toMatchObject({ ok: false, error: { code: "not_found" } });
    } finally {
      await lp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
