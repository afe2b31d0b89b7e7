import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLeadport } from "../../src/hosts/library.js";
import { libraryDatabase } from "../support/test-database.js";

describe("the library host", () => {
  it("keeps data in a database file across instances", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leadport-lib-"));
    const database = join(dir, "lib.db");
    try {
      const first = await createLeadport(libraryDatabase(database));
      const created = await first.inquiries.create({ contact: { email: "kunde@example.org" }, expectedValue: 100 });
      expect(created.ok).toBe(true);
      await first.close();

      const second = await createLeadport(libraryDatabase(database));
      const listed = await second.inquiries.list();
      expect(listed.ok && listed.value.items.map((i) => i.contact.email)).toEqual(["kunde@example.org"]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("separates workspaces and reports validation failures as values", async () => {
    const lp = await createLeadport({ database: "memory" });
    const other = await lp.forWorkspace("filiale-nord");
    const created = await lp.inquiries.create({ contact: { email: "a@example.org" } });
    if (!created.ok) throw new Error(created.error.message);
    expect(await other.inquiries.get(created.value.inquiry.id)).toMatchObject({ ok: false, error: { code: "not_found" } });
    const invalid = await lp.inquiries.create({ contact: { email: "a@example.org" }, probability: 150 });
    expect(invalid).toMatchObject({ ok: false, error: { code: "validation_failed", issues: [{ path: "probability" }] } });
    const names = await lp.workspaces.list();
    expect(names.ok && names.value.map((w) => w.name).sort()).toEqual(["default", "filiale-nord"]);
    await lp.close();
  });
});

describe("the library host's tickets and web orders", () => {
  it("submits web leads and lists, closes, accepts and rejects them", async () => {
    const lp = await createLeadport({ database: "memory" });
    const customer = await lp.inquiries.create({ contact: { email: "kunde@example.org" } });
    if (!customer.ok) throw new Error(customer.error.message);
    const ticket = await lp.webLeads.submit({ type: "ticket", email: "KUNDE@example.org", message: "Hallo" });
    const first = await lp.webLeads.submit({ type: "order", email: "shop@example.org", total: 49.9 });
    const second = await lp.webLeads.submit({ type: "order", email: "shop@example.org", total: 1 });
    if (!ticket.ok || !first.ok || !second.ok) throw new Error("submission failed");
    expect(await lp.tickets.close(ticket.value.id)).toMatchObject({ ok: true, value: { status: "closed", subject: "Anfrage Webseite" } });
    expect(await lp.orders.accept(first.value.id)).toMatchObject({ ok: true, value: { status: "accepted", total: 49.9 } });
    expect(await lp.orders.reject(second.value.id)).toMatchObject({ ok: true, value: { status: "rejected" } });
    expect(await lp.orders.reject(second.value.id)).toMatchObject({ ok: false, error: { code: "conflict" } });
    const record = await lp.customers.get(customer.value.inquiry.customerId);
    expect(record.ok && record.value.tickets.map((t) => t.id)).toEqual([ticket.value.id]);
    const other = await lp.forWorkspace("filiale");
    expect(await other.tickets.get(ticket.value.id)).toMatchObject({ ok: false, error: { code: "not_found" } });
    const listed = await lp.orders.list({ status: "accepted" });
    expect(listed.ok && listed.value.items.map((o) => o.id)).toEqual([first.value.id]);
    await lp.close();
  });
});
