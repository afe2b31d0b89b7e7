import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SendQuoteDraft } from "../../src/application/accounting/send-quote-draft.js";
import { startFakeLexoffice, type FakeLexoffice } from "./support/fake-lexoffice.js";
import { accountingWorld, removeDir, storedConnection, type AccountingWorld } from "./support/accounting-fixture.js";

const FULL = {
  title: "Dachsanierung",
  category: "Dach",
  expectedValue: 18500.5,
  customer: {
    type: "person" as const,
    salutation: "Frau",
    firstName: "Erika",
    lastName: "Musterfrau",
    email: "erika@example.org",
    address: { street: "Schwarzer Bär 2", zipcode: "30449", city: "Hannover", countryCode: "DE" },
  },
};
const EMAIL_ONLY = { title: "Dachrinne", expectedValue: 900, contact: { email: "nur.mail@example.net" } };
const LONG_TITLE = "Komplettsanierung Dach und Fassade Nord"; // 39 characters
const COMPANY = {
  title: `${LONG_TITLE}!`,
  expectedValue: 42000,
  category: "Fassade",
  customer: {
    type: "company" as const,
    companyName: "Bäckerei Korn GmbH",
    email: "info@baeckerei-korn.de",
    address: { street: "Mühlenweg 7", zipcode: "30159", city: "Hannover", countryCode: "DE" },
  },
};

let fake: FakeLexoffice;
let world: AccountingWorld | null = null;
const dirs: string[] = [];

beforeEach(async () => {
  fake = await startFakeLexoffice();
});
afterEach(async () => {
  world?.close();
  world = null;
  await fake.close();
  for (const dir of dirs.splice(0)) removeDir(dir);
});

describe.each(["memory", "sqlite"] as const)("won inquiries become Lexware Office quote drafts (%s)", (storage) => {
  it("creates the right contact and quote draft exactly once per inquiry, through an outage", async () => {
    world = await accountingWorld(storage, fake.url);
    dirs.push(world.dataDir);
    expect((await world.connect(fake.token)).ok).toBe(true);

    const full = await world.createInquiry(FULL);
    const emailOnly = await world.createInquiry(EMAIL_ONLY);
    const longTitle = await world.createInquiry(COMPANY);
    expect(COMPANY.title).toHaveLength(40);
    await world.dispatch(); // the creation events; nothing goes to accounting yet
    expect(fake.quotations).toHaveLength(0);

    for (const id of [full, emailOnly, longTitle]) await world.win(id);
    // While the service is down every attempt fails and is recorded; the outbox retries later.
    fake.outage(1000);
    await world.useCases.dispatchOutbox.execute();
    const failed = await world.sync(full);
    expect(failed.ok && failed.value.status).toBe("failed");
    expect(failed.ok && failed.value.reason).toMatch(/HTTP 503/);
    const outbox = await world.useCases.listOutbox.execute({ status: "pending" });
    expect(outbox.ok && outbox.value.some((message) => message.type === "InquiryWon" && /503/.test(message.lastError ?? ""))).toBe(true);

    fake.outage(0);
    await world.dispatch(3);

    expect(fake.contacts).toHaveLength(3);
    expect(fake.quotations).toHaveLength(3);
    expect(fake.quotations.every((quotation) => quotation.voucherStatus === "draft")).toBe(true);
    expect(fake.rateLimited).toBe(0);

    const erika = fake.contacts.find((contact) => contact.person?.lastName === "Musterfrau");
    expect(erika).toMatchObject({
      roles: { customer: {} },
      person: { salutation: "Frau", firstName: "Erika", lastName: "Musterfrau" },
      addresses: { billing: [{ street: "Schwarzer Bär 2", zip: "30449", city: "Hannover", countryCode: "DE" }] },
      emailAddresses: { private: ["erika@example.org"] },
    });
    const fullSync = await world.sync(full);
    expect(fullSync.ok && fullSync.value).toMatchObject({ status: "sent", remoteContactId: erika!.id, missingFields: [] });
    const fullQuote = fake.quotations.find((quotation) => quotation.contactId === erika!.id)!;
    expect(fullSync.ok && fullSync.value.remoteQuoteId).toBe(fullQuote.id);
    expect(fullQuote).toMatchObject({ title: "Dachsanierung", lineItems: [{ name: "Dachsanierung", description: "Dach", quantity: 1, unitPrice: { netAmount: 18500.5, taxRatePercentage: 19 } }] });

    // Only an e-mail: it becomes the last name, and the placeholder address is flagged for review.
    const mailOnly = fake.contacts.find((contact) => contact.person?.lastName === "nur.mail@example.net");
    expect(mailOnly?.addresses?.billing?.[0]).toEqual({ street: "Musterstraße 1", zip: "12345", city: "Musterstadt", countryCode: "DE" });
    const mailSync = await world.sync(emailOnly);
    expect(mailSync.ok && mailSync.value).toMatchObject({
      status: "needs_review",
      remoteContactId: mailOnly!.id,
      missingFields: ["address.street", "address.zipcode", "address.city", "address.countryCode", "lastName"],
    });
    expect(mailSync.ok && mailSync.value.remoteQuoteId).toBeTruthy();

    // 40 characters: the deal name is cut at a word boundary with a marker; the line item keeps it whole.
    const company = fake.contacts.find((contact) => contact.company?.name === "Bäckerei Korn GmbH")!;
    const companyQuote = fake.quotations.find((quotation) => quotation.contactId === company.id)!;
    expect(companyQuote.title).toBe("Komplettsanierung Dach…");
    expect([...companyQuote.title].length).toBeLessThanOrEqual(25);
    expect(companyQuote.lineItems[0]?.name).toBe(COMPANY.title);
    const companySync = await world.sync(longTitle);
    expect(companySync.ok && companySync.value.status).toBe("sent");
    expect(companySync.ok && companySync.value.quote?.title).toBe("Komplettsanierung Dach…");

    // Re-winning after a detour and redelivering the same events create nothing new.
    await world.win(full, "In Bearbeitung");
    await world.win(full);
    await world.dispatch(2);
    // An at-least-once redelivery of the win (a crash before the message was marked done).
    const send = world.composition.container.resolve(SendQuoteDraft);
    for (const id of [full, emailOnly, longTitle]) await send.execute(world.workspaceId, id);
    expect(fake.quotations).toHaveLength(3);
    expect(fake.contacts).toHaveLength(3);
  });
});
