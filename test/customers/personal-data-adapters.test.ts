import { describe, expect, it } from "vitest";
import { createLeadport } from "../../src/hosts/library.js";
import { libraryDatabase } from "../support/test-database.js";

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};

/* The same export and erasure against both storage adapters: the PersonalDataStore port behaves alike. */
describe.each(["memory", ":memory:"])("finding and erasing a person's data (%s)", (database) => {
  it("finds records by customer, by e-mail before the customer existed and through events; erases only that person", async () => {
    const lp = await createLeadport({ ...libraryDatabase(database), mail: { directory: "/nonexistent-leadport-mail" } });
    must(await lp.staff.add({ name: "Lea", email: "lea@example.com", emailEnabled: false }));
    must(await lp.webLeads.submit({ type: "order", email: " Ben@Example.org", total: 5 }));
    const inquiry = must(await lp.inquiries.create({ contact: { email: "ben@example.org" } })).inquiry;
    const other = must(await lp.inquiries.create({ contact: { email: "cleo@example.org" } })).inquiry;
    must(await lp.webLeads.submit({ type: "ticket", email: "cleo@example.org", message: "x" }));
    for (let i = 0; i < 5; i++) must(await lp.outbox.runOnce());

    const exported = must(await lp.customers.export(inquiry.customerId));
    expect(exported.orders).toHaveLength(1);
    expect(exported.notifications.map((n) => n.kind).sort()).toEqual(["inquiry_created", "order_received"]);
    expect(exported.outboxEvents.map((e) => e.type)).toEqual(expect.arrayContaining(["OrderReceived", "InquiryCreated", "CustomerCreated"]));

    const report = must(await lp.customers.erase(inquiry.customerId));
    expect(report).toMatchObject({ inquiries: 1, orders: 1, tickets: 0, notifications: 2, mails: 0 });
    const left = must(await lp.outbox.list({ limit: 500 }));
    expect(left.some((m) => JSON.stringify(m.payload).toLowerCase().includes("ben@example.org"))).toBe(false);
    expect(left.filter((m) => m.type === "CustomerErased")).toHaveLength(1);
    expect(must(await lp.orders.list()).items).toHaveLength(0);

    const kept = must(await lp.customers.export(other.customerId));
    expect([kept.inquiries.length, kept.tickets.length, kept.notifications.length]).toEqual([1, 1, 2]);
    await lp.close();
  });
});
