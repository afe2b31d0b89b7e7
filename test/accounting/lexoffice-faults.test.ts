import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConnectAccounting } from "../../src/application/accounting/connect-accounting.js";
import { RequestPacer } from "../../src/adapters/accounting/lexoffice/request-pacer.js";
import { DEFAULT_LEXOFFICE_SETTINGS, LexofficeAccounting } from "../../src/adapters/accounting/lexoffice/lexoffice-accounting.js";
import { startFakeLexoffice, type FakeLexoffice } from "./support/fake-lexoffice.js";
import { accountingWorld, removeDir, storedConnection, type AccountingWorld } from "./support/accounting-fixture.js";

const PERSON = {
  title: "Gaube",
  expectedValue: 7000,
  customer: { type: "person" as const, firstName: "Jan", lastName: "Ziegler", email: "jan@example.org", address: { street: "Am Hang 1", zipcode: "30167", city: "Hannover", countryCode: "DE" } },
};

let fake: FakeLexoffice;
let world: AccountingWorld;

beforeEach(async () => {
  fake = await startFakeLexoffice();
  world = await accountingWorld("memory", fake.url);
});
afterEach(async () => {
  world.close();
  await fake.close();
  removeDir(world.dataDir);
});

async function wonInquiry(input: typeof PERSON = PERSON): Promise<string> {
  const id = await world.createInquiry(input);
  await world.win(id);
  return id;
}

describe("connecting Lexware Office", () => {
  it("refuses a token that fails the test call, with the reason, and stores nothing", async () => {
    const refused = await world.connect("wrong-token");
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe("validation_failed");
    expect(refused.error.issues?.[0]?.path).toBe("token");
    expect(refused.error.message).toMatch(/401/);
    expect(refused.error.message).not.toContain("wrong-token");
    expect(await storedConnection(world)).toBeNull();
  });

  it("stores the token but never shows it", async () => {
    const connected = await world.connect(fake.token);
    expect(connected.ok && connected.value).toMatchObject({ provider: "lexoffice", state: "connected", hasToken: true, vatRatePercent: 19 });
    expect(JSON.stringify(connected)).not.toContain(fake.token);
    expect((await storedConnection(world))?.token).toBe(fake.token);
  });
});

describe("faults of the service never make a second draft", () => {
  it("finds the quote whose answer was lost to a timeout instead of creating another", async () => {
    await world.connect(fake.token);
    fake.loseAnswer("quotation");
    const id = await wonInquiry();
    await world.dispatch();
    const failed = await world.sync(id);
    expect(failed.ok && failed.value).toMatchObject({ status: "failed" });
    expect(failed.ok && failed.value.reason).toMatch(/did not answer within 1500 ms/);
    expect(fake.quotations).toHaveLength(1);

    await world.dispatch(2);
    const sent = await world.sync(id);
    expect(sent.ok && sent.value).toMatchObject({ status: "sent", remoteQuoteId: fake.quotations[0]!.id });
    expect(fake.quotations).toHaveLength(1);
  });

  it("finds the contact whose answer was lost instead of creating another", async () => {
    await world.connect(fake.token);
    fake.loseAnswer("contact");
    const id = await wonInquiry();
    await world.dispatch(3);
    expect(fake.contacts).toHaveLength(1);
    expect(fake.quotations).toHaveLength(1);
    const sent = await world.sync(id);
    expect(sent.ok && sent.value.remoteContactId).toBe(fake.contacts[0]!.id);
  });

  it("retries an answer that is not JSON", async () => {
    await world.connect(fake.token);
    fake.malformedOnce();
    const id = await wonInquiry();
    await world.dispatch();
    const failed = await world.sync(id);
    expect(failed.ok && failed.value.reason).toMatch(/unreadable answer/);
    await world.dispatch(2);
    expect(fake.quotations).toHaveLength(1);
    expect((await world.sync(id)).ok).toBe(true);
  });

  it("waits out 429 answers instead of failing", async () => {
    const pacer = new RequestPacer(100, 1000); // far above the allowed rate, to provoke 429s
    const adapter = new LexofficeAccounting(fake.token, { ...DEFAULT_LEXOFFICE_SETTINGS, baseUrl: fake.url, sleep: (ms) => new Promise((r) => setTimeout(r, ms / 4)) }, pacer);
    await Promise.all(Array.from({ length: 5 }, () => adapter.verify()));
    expect(fake.rateLimited).toBeGreaterThan(0);
    expect(fake.requests.filter((request) => request.status === 200)).toHaveLength(5);
  });
});

describe("a revoked token", () => {
  it("marks the connection broken, keeps the drafts, tells staff once and resumes after reconnecting", async () => {
    const anna = await world.useCases.addStaff.execute(world.workspaceId, { name: "Anna Schulz", email: "anna@dachdecker-schulz.de" });
    if (!anna.ok) throw new Error("staff");
    await world.connect(fake.token);
    fake.token = "rotated-token";
    const first = await wonInquiry();
    const second = await wonInquiry({ ...PERSON, title: "Carport", customer: { ...PERSON.customer, email: "other@example.org", lastName: "Holz" } });
    await world.dispatch(3);

    const connection = await storedConnection(world);
    expect(connection).toMatchObject({ state: "broken", brokenReason: expect.stringMatching(/401/) });
    for (const id of [first, second]) {
      const waiting = await world.sync(id);
      expect(waiting.ok && waiting.value).toMatchObject({ status: "pending", reason: expect.stringMatching(/Reconnect/) });
    }
    // Not retried forever: once broken, drafts wait without calling the service.
    const calls = fake.requests.length;
    await world.dispatch(3);
    expect(fake.requests.length).toBe(calls);
    const mails = readdirSync(join(world.dataDir, "mail")).filter((name) => name.endsWith(".eml"));
    const brokenMails = mails.filter((name) => readFileSync(join(world.dataDir, "mail", name), "utf8").includes("Verbindung zu Lexware Office unterbrochen"));
    expect(brokenMails).toHaveLength(1);
    expect(readFileSync(join(world.dataDir, "mail", brokenMails[0]!), "utf8")).not.toContain(fake.token);
    // And in the app, once, as a warning that leads to the accounting settings.
    const listed = await world.useCases.listNotifications.execute(world.workspaceId, anna.value.id);
    const notices = listed.ok ? listed.value.items.filter((item) => item.kind === "notice") : [];
    expect(notices).toMatchObject([
      { title: "Buchhaltung: Verbindung zu Lexware Office unterbrochen", link: "/api/v1/accounting", notice: { feature: "accounting", topic: "connection_broken", severity: "warning" } },
    ]);
    expect(notices[0]!.body).not.toContain(fake.token);

    expect((await world.connect("rotated-token")).ok).toBe(true);
    await world.dispatch(3);
    expect(fake.quotations).toHaveLength(2);
    for (const id of [first, second]) expect(await world.sync(id)).toMatchObject({ ok: true, value: { status: "sent" } });
  });
});

describe("refused data", () => {
  it("becomes needs review with readable reasons and is not retried", async () => {
    // The fake, like the service, knows the German rates 0, 7 and 19 only.
    await world.composition.container.resolve(ConnectAccounting).execute(world.workspaceId, { provider: "lexoffice", token: fake.token, vatRatePercent: 16 });
    const id = await wonInquiry();
    await world.dispatch(2);
    const refused = await world.sync(id);
    expect(refused.ok && refused.value).toMatchObject({
      status: "needs_review",
      remoteQuoteId: null,
      reviewReasons: ["Steuersatz (lineItems[0].unitPrice.taxRatePercentage) ist ungültig"],
    });
    const calls = fake.requests.length;
    await world.dispatch(2);
    expect(fake.requests.length).toBe(calls);
    expect(fake.quotations).toHaveLength(0);
  });
});
