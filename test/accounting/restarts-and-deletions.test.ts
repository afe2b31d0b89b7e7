import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SendQuoteDraft } from "../../src/application/accounting/send-quote-draft.js";
import { CONTACT_KEPT_NOTE } from "../../src/domain/accounting/accounting-sync.js";
import { startFakeLexoffice, type FakeLexoffice } from "./support/fake-lexoffice.js";
import { accountingWorld, removeDir, type AccountingWorld } from "./support/accounting-fixture.js";

const INQUIRY = {
  title: "Schornstein",
  expectedValue: 2500,
  customer: { type: "person" as const, firstName: "Karl", lastName: "Kamin", email: "karl@example.org", address: { street: "Esse 3", zipcode: "30159", city: "Hannover", countryCode: "DE" } },
};

let fake: FakeLexoffice;
let world: AccountingWorld | null = null;
let dataDir = "";

beforeEach(async () => {
  fake = await startFakeLexoffice();
});
afterEach(async () => {
  world?.close();
  world = null;
  await fake.close();
  removeDir(dataDir);
});

describe("the quote draft of an inquiry", () => {
  it("is not made again after a restart", async () => {
    world = await accountingWorld("sqlite", fake.url);
    dataDir = world.dataDir;
    await world.connect(fake.token);
    const id = await world.createInquiry(INQUIRY);
    await world.win(id);
    await world.dispatch();
    expect(fake.quotations).toHaveLength(1);
    const { clock } = world;
    world.close();

    world = await accountingWorld("sqlite", fake.url, { dataDir, clock });
    await world.dispatch(2);
    await world.composition.container.resolve(SendQuoteDraft).execute(world.workspaceId, id);
    expect(fake.quotations).toHaveLength(1);
    expect(fake.contacts).toHaveLength(1);
    expect((await world.sync(id)).ok).toBe(true);
  });

  it("outlives its customer's deletion, saying the accounting contact was kept", async () => {
    world = await accountingWorld("memory", fake.url);
    dataDir = world.dataDir;
    await world.connect(fake.token);
    const id = await world.createInquiry(INQUIRY);
    await world.win(id);
    await world.dispatch();
    const sent = await world.sync(id);
    expect(sent.ok && sent.value.status).toBe("sent");

    const inquiry = await world.useCases.getInquiry.execute(world.workspaceId, id);
    if (!inquiry.ok) throw new Error("inquiry");
    expect((await world.useCases.deleteInquiry.execute(world.workspaceId, id)).ok).toBe(true);
    expect((await world.useCases.deleteCustomer.execute(world.workspaceId, inquiry.value.customerId)).ok).toBe(true);
    await world.dispatch();

    const kept = await world.sync(id);
    expect(kept.ok && kept.value).toMatchObject({ status: "sent", customerDeleted: true, reason: CONTACT_KEPT_NOTE });
    expect(fake.contacts).toHaveLength(1);
  });

  it("loses the person's details when the customer is erased, keeping only the remote ids", async () => {
    world = await accountingWorld("memory", fake.url);
    dataDir = world.dataDir;
    await world.connect(fake.token);
    const id = await world.createInquiry(INQUIRY);
    await world.win(id);
    await world.dispatch();
    const inquiry = await world.useCases.getInquiry.execute(world.workspaceId, id);
    if (!inquiry.ok) throw new Error("inquiry");
    const exported = await world.useCases.exportCustomerData.execute(world.workspaceId, inquiry.value.customerId);
    expect(exported.ok && exported.value.data.sections["accounting"]).toMatchObject({ quoteDrafts: [{ inquiryId: id, remoteContactId: fake.contacts[0]!.id }] });
    const report = await world.useCases.eraseCustomer.execute(world.workspaceId, inquiry.value.customerId);
    expect(report.ok && report.value.sections["accounting"]).toEqual({ quoteDraftsStripped: 1 });

    // Stripped in the erasure's own transaction: no outbox run is needed.
    const erased = await world.sync(id);
    expect(erased.ok && erased.value).toMatchObject({ customerDeleted: true, remoteContactId: fake.contacts[0]!.id });
    const shown = JSON.stringify(erased);
    for (const detail of ["Karl", "Kamin", "karl@example.org", "Esse 3"]) expect(shown).not.toContain(detail);
  });
});
