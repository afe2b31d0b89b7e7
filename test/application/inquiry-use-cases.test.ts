import { beforeEach, describe, expect, it } from "vitest";
import { CreateInquiry } from "../../src/application/inquiries/create-inquiry.js";
import { DeleteInquiry } from "../../src/application/inquiries/delete-inquiry.js";
import { ListInquiries } from "../../src/application/inquiries/list-inquiries.js";
import { UpdateInquiry } from "../../src/application/inquiries/update-inquiry.js";
import { ListCatalog } from "../../src/application/catalog/list-catalog.js";
import { ListCustomers } from "../../src/application/customers/list-customers.js";
import { CreateWorkspace } from "../../src/application/workspaces/create-workspace.js";
import { MemoryUnitOfWork } from "../../src/adapters/memory/memory-unit-of-work.js";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { UuidV7Ids } from "../../src/adapters/system/uuid-v7-ids.js";

function setup() {
  const uow = new MemoryUnitOfWork();
  const clock = new ManualClock();
  const ids = new UuidV7Ids();
  return {
    uow,
    clock,
    create: new CreateInquiry(uow, clock, ids),
    update: new UpdateInquiry(uow, clock, ids),
    remove: new DeleteInquiry(uow, clock, ids),
    list: new ListInquiries(uow, clock),
    customers: new ListCustomers(uow),
    catalog: new ListCatalog(uow),
    workspaces: new CreateWorkspace(uow, clock, ids),
  };
}

type Setup = ReturnType<typeof setup>;

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};

describe("inquiry use cases", () => {
  let s: Setup;
  let ws: string;

  beforeEach(async () => {
    s = setup();
    ws = must(await s.workspaces.execute("handwerk")).id;
  });

  it("files two inquiries with the same e-mail in different case under one customer", async () => {
    const first = must(await s.create.execute(ws, { title: "Dach", contact: { name: "Max Mustermann", email: "max@example.org" } }));
    const second = must(await s.create.execute(ws, { title: "Fenster", contact: { email: "MAX@Example.org " } }));
    expect(first.inquiry.customerMatch).toBe("created");
    expect(second.inquiry.customerMatch).toBe("email");
    expect(second.inquiry.customerId).toBe(first.inquiry.customerId);
    expect(must(await s.customers.execute(ws)).items).toHaveLength(1);
  });

  it("matches a customer by name when no e-mail is given", async () => {
    const first = must(await s.create.execute(ws, { customer: { firstName: "Jürgen", lastName: "Müller" } }));
    const second = must(await s.create.execute(ws, { contact: { name: "JUERGEN MUELLER" } }));
    expect(second.inquiry.customerMatch).toBe("name");
    expect(second.inquiry.customerId).toBe(first.inquiry.customerId);
  });

  it("links an explicit customer id of the same workspace and refuses another workspace's", async () => {
    const first = must(await s.create.execute(ws, { contact: { email: "a@example.org" } }));
    const linked = must(await s.create.execute(ws, { customer: { id: first.inquiry.customerId } }));
    expect(linked.inquiry.customerMatch).toBe("id");
    const other = must(await s.workspaces.execute("other")).id;
    const refused = await s.create.execute(other, { customer: { id: first.inquiry.customerId } });
    expect(refused).toMatchObject({ ok: false, error: { code: "validation_failed", issues: [{ path: "customer.id" }] } });
  });

  it("creates an unknown source once and finds it again case-insensitively", async () => {
    must(await s.create.execute(ws, { contact: { email: "a@example.org" }, source: "LinkedIn Ads" }));
    const again = must(await s.create.execute(ws, { contact: { email: "b@example.org" }, source: "linkedin ads" }));
    expect(again.inquiry.source).toBe("LinkedIn Ads");
    const sources = must(await s.catalog.execute(ws, "source")).map((e) => e.name);
    expect(sources.filter((name) => name === "LinkedIn Ads")).toHaveLength(1);
  });

  it("defaults to status Neu and source API and computes a score with its reasons", async () => {
    const { inquiry } = must(await s.create.execute(ws, { contact: { email: "a@example.org" } }));
    expect(inquiry).toMatchObject({ status: "Neu", source: "API", title: "Anfrage von a@example.org" });
    expect(inquiry.leadScore).toBeGreaterThan(0);
    expect(inquiry.leadScoreReasons).toHaveLength(7);
  });

  it("writes nothing when an inquiry is invalid, not even its new customer", async () => {
    const result = await s.create.execute(ws, { contact: { email: "new@example.org" }, probability: 150, expectedValue: -5 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues?.map((i) => i.path).sort()).toEqual(["expectedValue", "probability"]);
    expect(must(await s.customers.execute(ws)).items).toHaveLength(0);
    expect(s.uow.outboxEvents()).toHaveLength(0);
  });

  it("reports a bad customer e-mail together with the inquiry's own field problems", async () => {
    const result = await s.create.execute(ws, { contact: { email: "anna@schmidt" }, probability: 150, expectedValue: -5 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues?.map((i) => i.path).sort()).toEqual(["contact.email", "expectedValue", "probability"]);
    expect(must(await s.customers.execute(ws)).items).toHaveLength(0);
  });

  it("requires something to identify the customer by", async () => {
    const result = await s.create.execute(ws, { title: "Nur ein Titel" });
    expect(result).toMatchObject({ ok: false, error: { issues: [{ path: "contact" }] } });
  });

  it("records CustomerCreated and InquiryCreated in the outbox with the write", async () => {
    const { inquiry } = must(await s.create.execute(ws, { contact: { email: "a@example.org" } }));
    expect(s.uow.outboxEvents().map((e) => [e.type, e.aggregateId])).toEqual([
      ["CustomerCreated", inquiry.customerId],
      ["InquiryCreated", inquiry.id],
    ]);
  });

  it("forces probability 100 on a won status and records InquiryWon only once", async () => {
    const { inquiry } = must(await s.create.execute(ws, { contact: { email: "a@example.org" }, probability: 40 }));
    const won = must(await s.update.execute(ws, inquiry.id, { status: "gewonnen" }));
    expect(won.inquiry).toMatchObject({ status: "Gewonnen", probability: 100 });
    expect(won.inquiry.wonAt).not.toBeNull();
    must(await s.update.execute(ws, inquiry.id, { notes: "Anzahlung erhalten" }));
    expect(s.uow.outboxEvents().filter((e) => e.type === "InquiryWon")).toHaveLength(1);
  });

  it("refuses an unknown status on an update, naming the known ones, and writes nothing", async () => {
    const { inquiry } = must(await s.create.execute(ws, { contact: { email: "a@example.org" } }));
    const typo = await s.update.execute(ws, inquiry.id, { status: "Gewonen", notes: "halb" });
    expect(typo.ok).toBe(false);
    if (typo.ok) return;
    expect(typo.error.code).toBe("validation_failed");
    expect(typo.error.issues).toEqual([{ path: "status", message: expect.stringContaining("Neu, In Bearbeitung, Angebot versendet, Gewonnen, Verloren") }]);
    expect(must(await s.catalog.execute(ws, "status")).map((e) => e.name)).not.toContain("Gewonen");
    expect(must(await s.list.execute(ws)).items[0]!.notes).toBeNull();
  });

  it("still creates a new status on intake", async () => {
    must(await s.create.execute(ws, { contact: { email: "a@example.org" }, status: "Besichtigung" }));
    expect(must(await s.catalog.execute(ws, "status")).map((e) => e.name)).toContain("Besichtigung");
  });

  it("sets probability 0 when a won inquiry moves to a lost status, and the score follows", async () => {
    const { inquiry } = must(await s.create.execute(ws, { contact: { email: "a@example.org" }, probability: 40 }));
    const won = must(await s.update.execute(ws, inquiry.id, { status: "Gewonnen" })).inquiry;
    const lost = must(await s.update.execute(ws, inquiry.id, { status: "Verloren" })).inquiry;
    expect(lost).toMatchObject({ status: "Verloren", probability: 0, wonAt: null });
    expect(lost.leadScore).toBeLessThan(won.leadScore);
    expect(lost.leadScoreReasons.find((r) => r.rule === "probability")).toMatchObject({ points: 0, text: "Abschlusschance 0 %" });
  });

  it("writes status and assignee changes to the logbook with who made them", async () => {
    const { inquiry } = must(await s.create.execute(ws, { contact: { email: "a@example.org" } }));
    const updated = must(await s.update.execute(ws, inquiry.id, { status: "In Bearbeitung", comment: "Rückruf" }, "Website-Schlüssel"));
    expect(updated.inquiry.logbook.map((e) => [e.author, e.text])).toEqual([
      ["Website-Schlüssel", "Rückruf"],
      ["Website-Schlüssel", "Status: Neu → In Bearbeitung"],
    ]);
  });

  it("updates only the fields sent and keeps an unchanged inquiry untouched", async () => {
    const { inquiry } = must(await s.create.execute(ws, { contact: { email: "a@example.org" }, notes: "alt", tags: ["Dach"] }));
    s.clock.advance(60_000);
    const updated = must(await s.update.execute(ws, inquiry.id, { notes: "neu", budget: { min: 1000, max: 5000 } }));
    expect(updated.inquiry).toMatchObject({ notes: "neu", tags: ["Dach"], budgetMinCents: 100000, budgetMaxCents: 500000 });
    expect(updated.inquiry.updatedAt).not.toBe(inquiry.updatedAt);
    const same = must(await s.update.execute(ws, inquiry.id, { notes: "neu" }));
    expect(same.outcome).toBe("unchanged");
  });

  it("clears a field sent as null", async () => {
    const { inquiry } = must(await s.create.execute(ws, { contact: { email: "a@example.org" }, category: "Dach" }));
    expect(must(await s.update.execute(ws, inquiry.id, { category: null })).inquiry.category).toBeNull();
  });

  it("adds a comment to the logbook", async () => {
    const { inquiry } = must(await s.create.execute(ws, { contact: { email: "a@example.org" }, comment: "Erstkontakt per Formular" }));
    const updated = must(await s.update.execute(ws, inquiry.id, { comment: "Rückruf vereinbart" }));
    expect(updated.inquiry.logbook.map((e) => e.text)).toEqual(["Erstkontakt per Formular", "Rückruf vereinbart"]);
  });

  it("upserts by external reference and source", async () => {
    const first = must(await s.create.execute(ws, { contact: { email: "a@example.org" }, externalRef: "lead-1", source: "Portal" }));
    const again = must(await s.create.execute(ws, { contact: { email: "a@example.org" }, externalRef: "lead-1", source: "portal", notes: "zweite Lieferung" }));
    expect(again.outcome).toBe("updated");
    expect(again.inquiry.id).toBe(first.inquiry.id);
    const otherSource = must(await s.create.execute(ws, { contact: { email: "a@example.org" }, externalRef: "lead-1", source: "Website" }));
    expect(otherSource.outcome).toBe("created");
  });

  it("defaults the project address to the customer's address", async () => {
    const address = { street: "Schwarzer Bär 2", zipcode: "30449", city: "Hannover", countryCode: "de" };
    const { inquiry } = must(await s.create.execute(ws, { customer: { email: "a@example.org", address } }));
    expect(inquiry.projectAddress).toEqual({ ...address, countryCode: "DE" });
  });

  it("lists with filters and pages with a cursor", async () => {
    for (let i = 0; i < 5; i++) {
      must(await s.create.execute(ws, { contact: { email: `p${i}@example.org` }, tags: i % 2 === 0 ? ["Solar"] : [] }));
      s.clock.advance(1000);
    }
    const solar = must(await s.list.execute(ws, { tag: "solar" }));
    expect(solar.items).toHaveLength(3);
    const page1 = must(await s.list.execute(ws, { limit: 2 }));
    const page2 = must(await s.list.execute(ws, { limit: 2, cursor: page1.nextCursor ?? undefined }));
    expect(page1.items.map((i) => i.contact.email)).toEqual(["p4@example.org", "p3@example.org"]);
    expect(page2.items.map((i) => i.contact.email)).toEqual(["p2@example.org", "p1@example.org"]);
    expect(await s.list.execute(ws, { cursor: "garbage" })).toMatchObject({ ok: false, error: { issues: [{ path: "cursor" }] } });
    expect(await s.list.execute(ws, { limit: 500 })).toMatchObject({ ok: false, error: { issues: [{ path: "limit" }] } });
  });

  it("deletes an inquiry and records InquiryDeleted; a second delete is not found", async () => {
    const { inquiry } = must(await s.create.execute(ws, { contact: { email: "a@example.org" } }));
    must(await s.remove.execute(ws, inquiry.id));
    expect(s.uow.outboxEvents().at(-1)?.type).toBe("InquiryDeleted");
    expect(await s.remove.execute(ws, inquiry.id)).toMatchObject({ ok: false, error: { code: "not_found" } });
  });
});
