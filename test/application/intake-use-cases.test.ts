import { DEFAULT_ATTACHMENT_QUOTAS } from "../../src/application/attachments/attachments.js";
import { beforeEach, describe, expect, it } from "vitest";
import { AttachToInquiry } from "../../src/application/attachments/attach-to-inquiry.js";
import { DiscardStagedAttachments } from "../../src/application/attachments/discard-staged-attachments.js";
import { StageAttachment } from "../../src/application/attachments/stage-attachment.js";
import { GetCustomer } from "../../src/application/customers/get-customer.js";
import { CreateInquiry } from "../../src/application/inquiries/create-inquiry.js";
import { CreatePartnerProject } from "../../src/application/intake/partner-project.js";
import { SubmitWebLead } from "../../src/application/intake/web-lead.js";
import { AcceptOrder } from "../../src/application/orders/accept-order.js";
import { ListOrders } from "../../src/application/orders/list-orders.js";
import { RejectOrder } from "../../src/application/orders/reject-order.js";
import type { BlobContent } from "../../src/application/ports/blob-store.js";
import { CloseTicket } from "../../src/application/tickets/close-ticket.js";
import { ListTickets } from "../../src/application/tickets/list-tickets.js";
import { CreateWorkspace } from "../../src/application/workspaces/create-workspace.js";
import { FileTypeSniffer } from "../../src/adapters/blobs/file-type-sniffer.js";
import { MemoryBlobStore } from "../../src/adapters/blobs/memory-blob-store.js";
import { MemoryUnitOfWork } from "../../src/adapters/memory/memory-unit-of-work.js";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { UuidV7Ids } from "../../src/adapters/system/uuid-v7-ids.js";

function setup() {
  const uow = new MemoryUnitOfWork();
  const clock = new ManualClock();
  const ids = new UuidV7Ids();
  const blobs = new MemoryBlobStore();
  return {
    uow,
    blobs,
    submit: new SubmitWebLead(uow, clock, ids),
    tickets: new ListTickets(uow),
    closeTicket: new CloseTicket(uow, clock, ids),
    orders: new ListOrders(uow),
    accept: new AcceptOrder(uow, clock, ids),
    reject: new RejectOrder(uow, clock, ids),
    createInquiry: new CreateInquiry(uow, clock, ids),
    project: new CreatePartnerProject(uow, blobs, clock, ids, DEFAULT_ATTACHMENT_QUOTAS),
    stage: new StageAttachment(blobs, new FileTypeSniffer(), ids),
    discard: new DiscardStagedAttachments(blobs),
    attach: new AttachToInquiry(uow, blobs, clock, DEFAULT_ATTACHMENT_QUOTAS),
    customer: new GetCustomer(uow),
    workspaces: new CreateWorkspace(uow, clock, ids),
  };
}

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};

async function* text(content: string): BlobContent {
  yield new TextEncoder().encode(content);
}

describe("intake use cases", () => {
  let s: ReturnType<typeof setup>;
  let ws: string;

  beforeEach(async () => {
    s = setup();
    ws = must(await s.workspaces.execute("handwerk")).id;
  });

  const eventsOf = (type: string) => s.uow.outboxEvents().filter((e) => e.type === type);

  it("files a ticket under the customer with the same e-mail (any case) and creates no customer otherwise", async () => {
    const known = must(await s.createInquiry.execute(ws, { contact: { name: "Max Mustermann", email: "max@example.org" } }));
    must(await s.submit.execute(ws, { type: "ticket", email: "MAX@Example.org ", message: "Rückruf bitte" }));
    must(await s.submit.execute(ws, { type: "ticket", email: "fremd@example.org", message: "Hallo" }));
    const tickets = must(await s.tickets.execute(ws)).items;
    expect(tickets.map((t) => [t.email, t.customerId])).toEqual([
      ["fremd@example.org", null],
      ["MAX@Example.org", known.inquiry.customerId],
    ]);
    expect(eventsOf("CustomerCreated")).toHaveLength(1);
    const record = must(await s.customer.execute(ws, known.inquiry.customerId));
    expect(record.tickets.map((t) => t.subject)).toEqual(["Anfrage Webseite"]);
  });

  it("records TicketCreated and TicketClosed with the agreed payload", async () => {
    const receipt = must(await s.submit.execute(ws, { type: "ticket", email: "a@example.org", subject: "Beratung", message: "Hallo" }));
    must(await s.closeTicket.execute(ws, receipt.id));
    expect(await s.closeTicket.execute(ws, receipt.id)).toMatchObject({ ok: false, error: { code: "conflict" } });
    const payload = { ticket: { id: receipt.id, email: "a@example.org", subject: "Beratung", message: "Hallo", customerId: null } };
    expect(eventsOf("TicketCreated")).toMatchObject([{ aggregateId: receipt.id, workspaceId: ws, payload }]);
    expect(eventsOf("TicketClosed")).toMatchObject([{ aggregateId: receipt.id, payload }]);
  });

  it("puts an order into the inbox in cents and records OrderReceived, OrderAccepted and OrderRejected", async () => {
    const first = must(await s.submit.execute(ws, { type: "order", email: "shop@example.org", total: 49.9, subject: "Gutschein" }));
    const second = must(await s.submit.execute(ws, { type: "order", email: "shop@example.org", total: 10 }));
    must(await s.accept.execute(ws, first.id));
    must(await s.reject.execute(ws, second.id));
    expect(await s.accept.execute(ws, second.id)).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(eventsOf("OrderReceived").map((e) => e.payload)).toEqual([
      { order: { id: first.id, email: "shop@example.org", subject: "Gutschein", message: null, totalCents: 4990, customerId: null } },
      { order: { id: second.id, email: "shop@example.org", subject: null, message: null, totalCents: 1000, customerId: null } },
    ]);
    expect(eventsOf("OrderAccepted").map((e) => e.aggregateId)).toEqual([first.id]);
    expect(eventsOf("OrderRejected").map((e) => e.aggregateId)).toEqual([second.id]);
    expect(must(await s.orders.execute(ws, { status: "accepted" })).items.map((o) => o.id)).toEqual([first.id]);
  });

  it("refuses a ticket without message and writes nothing", async () => {
    const result = await s.submit.execute(ws, { type: "ticket", email: "a@example.org" });
    expect(result).toMatchObject({ ok: false, error: { code: "validation_failed", issues: [{ path: "message" }] } });
    expect(must(await s.tickets.execute(ws)).items).toEqual([]);
    expect(s.uow.outboxEvents().filter((e) => e.type.startsWith("Ticket"))).toEqual([]);
  });

  it("matches the partner project's customer by the same rules as the native API", async () => {
    const native = must(await s.createInquiry.execute(ws, { contact: { email: "max.mustermann@example.org" } }));
    const created = must(
      await s.project.execute(ws, {
        measure: "DOG",
        customer: { email: "MAX.MUSTERMANN@example.org", first_name: "Max", last_name: "Mustermann" },
        address: { street: "Schwarzer Bär 2", city: "Hannover", zipcode: "30449", country_code: "DE" },
        project_match: { comment: "Ins Logbuch", partner_notes: "Notiz", partner_source: "Mein Kontaktformular" },
      }),
    );
    expect(created.inquiry).toMatchObject({
      customerId: native.inquiry.customerId,
      customerMatch: "email",
      category: "DOG",
      notes: "Notiz",
      source: "Mein Kontaktformular",
      projectAddress: { street: "Schwarzer Bär 2", city: "Hannover" },
      logbook: [{ text: "Ins Logbuch" }],
    });
  });

  it("names the partner's own field when the project is invalid", async () => {
    const result = await s.project.execute(ws, { customer: { email: "kaputt" }, address: { country_code: "Deutschland" } });
    expect(result).toMatchObject({ ok: false, error: { code: "validation_failed" } });
    const paths = result.ok ? [] : (result.error.issues ?? []).map((i) => i.path);
    expect(paths).toEqual(["address.country_code"]);
    const missing = await s.project.execute(ws, { measure: "DOG" });
    expect(missing.ok ? [] : missing.error.issues?.map((i) => i.path)).toEqual(["customer"]);
  });

  it("deletes the staged files when the project cannot be created", async () => {
    const staged = must(await s.stage.execute(ws, "notiz.txt", text("Hallo"), 100));
    expect(staged.contentType).toBe("text/plain; charset=utf-8");
    expect(s.blobs.count()).toBe(1);
    const result = await s.project.execute(ws, { customer: {} }, [staged]);
    expect(result.ok).toBe(false);
    expect(s.blobs.count()).toBe(0);
  });

  it("attaches staged files to an inquiry, and discards them for an unknown inquiry", async () => {
    const inquiry = must(await s.createInquiry.execute(ws, { contact: { email: "a@example.org" } })).inquiry;
    const staged = must(await s.stage.execute(ws, "../plan.txt", text("Grundriss"), 100));
    const attached = must(await s.attach.execute(ws, inquiry.id, [staged]));
    expect(attached).toMatchObject([{ inquiryId: inquiry.id, filename: "plan.txt", size: 9 }]);
    const orphan = must(await s.stage.execute(ws, "x.txt", text("x"), 100));
    expect(await s.attach.execute(ws, "no-such-inquiry", [orphan])).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(s.blobs.count()).toBe(1);
  });

  it("reports a file over the limit as a value and keeps none of it", async () => {
    const result = await s.stage.execute(ws, "gross.bin", text("0123456789"), 5);
    expect(result).toMatchObject({ ok: false, error: { code: "too_large", filename: "gross.bin", maxBytes: 5 } });
    expect(s.blobs.count()).toBe(0);
  });
});
