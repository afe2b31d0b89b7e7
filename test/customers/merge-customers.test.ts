import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GetCustomer } from "../../src/application/customers/get-customer.js";
import { MergeCustomers } from "../../src/application/customers/merge-customers.js";
import { DEFAULT_BULK_LIMITS } from "../../src/application/shared/bulk-limits.js";
import { CreateInquiry } from "../../src/application/inquiries/create-inquiry.js";
import { SubmitWebLead } from "../../src/application/intake/web-lead.js";
import type { UnitOfWork } from "../../src/application/ports/unit-of-work.js";
import { CreateWorkspace } from "../../src/application/workspaces/create-workspace.js";
import { MemoryUnitOfWork } from "../../src/adapters/memory/memory-unit-of-work.js";
import { SqliteDatabase } from "../../src/adapters/sqlite/sqlite-database.js";
import { SqliteUnitOfWork } from "../../src/adapters/sqlite/sqlite-unit-of-work.js";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { UuidV7Ids } from "../../src/adapters/system/uuid-v7-ids.js";
import { ok } from "../../src/domain/shared/result.js";
import { createLeadport } from "../../src/hosts/library.js";

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};

function useCases(uow: UnitOfWork) {
  const clock = new ManualClock();
  const ids = new UuidV7Ids();
  return {
    uow,
    workspaces: new CreateWorkspace(uow, clock, ids),
    createInquiry: new CreateInquiry(uow, clock, ids),
    webLead: new SubmitWebLead(uow, clock, ids),
    merge: new MergeCustomers(uow, clock, ids, DEFAULT_BULK_LIMITS),
    get: new GetCustomer(uow),
  };
}

/** Where every inquiry, ticket and order is filed, read straight from storage. */
async function filing(uow: UnitOfWork, workspaceId: string) {
  return must(
    await uow.run(workspaceId, async (tx) => {
      const page = { limit: 10_000, after: null };
      const customers = new Set((await tx.customers.list({}, page)).items.map((c) => c.id));
      const records = [
        ...(await tx.inquiries.list({}, page)).items.map((r) => ["inquiry", r.id, r.customerId] as const),
        ...(await tx.tickets.list({}, page)).items.map((r) => ["ticket", r.id, r.customerId] as const),
        ...(await tx.orders.list({}, page)).items.map((r) => ["order", r.id, r.customerId] as const),
      ];
      return ok({ customers, records });
    }),
  );
}

interface Person {
  readonly inquiries: number;
  readonly tickets: number;
  readonly orders: number;
}

const people = fc.array(
  fc.record({ inquiries: fc.integer({ min: 1, max: 3 }), tickets: fc.integer({ min: 0, max: 2 }), orders: fc.integer({ min: 0, max: 2 }) }),
  { minLength: 2, maxLength: 5 },
);
/** A merge names customers by their index; repeats, the kept one itself and already merged ones are all allowed. */
const merges = fc.array(fc.record({ keep: fc.nat(4), from: fc.array(fc.nat(5), { minLength: 1, maxLength: 3 }) }), { maxLength: 6 });

let successfulMerges = 0;

async function checkEveryRecordKeptOnce(uow: UnitOfWork, persons: readonly Person[], steps: ReadonlyArray<{ keep: number; from: number[] }>) {
  const s = useCases(uow);
  const ws = must(await s.workspaces.execute(`ws-${Math.random().toString(36).slice(2, 10)}`)).id;
  const customerIds: string[] = [];
  for (const [index, person] of persons.entries()) {
    const email = `person${index}@example.org`;
    let customerId = "";
    for (let i = 0; i < person.inquiries; i++) customerId = must(await s.createInquiry.execute(ws, { title: `i${i}`, contact: { email } })).inquiry.customerId;
    for (let i = 0; i < person.tickets; i++) must(await s.webLead.execute(ws, { type: "ticket", email, message: "m" }));
    for (let i = 0; i < person.orders; i++) must(await s.webLead.execute(ws, { type: "order", email, total: 10 }));
    customerIds.push(customerId);
  }
  customerIds.push("no-such-customer");
  const before = await filing(uow, ws);
  const idsBefore = before.records.map(([kind, id]) => `${kind}:${id}`).sort();

  for (const step of steps) {
    const keep = customerIds[step.keep % persons.length]!;
    const result = await s.merge.execute(ws, keep, { from: step.from.map((i) => customerIds[i % customerIds.length]!) });
    if (result.ok) {
      successfulMerges++;
      const { customer, inquiries } = result.value;
      expect(customer.id).toBe(keep);
      expect(inquiries.every((inquiry) => inquiry.customerId === keep)).toBe(true);
    }
  }

  const after = await filing(uow, ws);
  expect(after.records.map(([kind, id]) => `${kind}:${id}`).sort()).toEqual(idsBefore);
  for (const [, , customerId] of after.records) expect(after.customers.has(customerId!)).toBe(true);
}

describe("merging customers", () => {
  it("keeps every inquiry, ticket and order exactly once, filed under an existing customer, for any sequence of merges (memory)", async () => {
    await fc.assert(fc.asyncProperty(people, merges, (persons, steps) => checkEveryRecordKeptOnce(new MemoryUnitOfWork(), persons, steps)), {
      numRuns: 60,
    });
    // The property is only worth something if merges actually happened, not only refusals.
    expect(successfulMerges).toBeGreaterThan(20);
  });

  it("keeps every record exactly once for any sequence of merges (SQLite)", async () => {
    const database = new SqliteDatabase({ path: ":memory:" });
    try {
      const uow = new SqliteUnitOfWork(database);
      await fc.assert(fc.asyncProperty(people, merges, (persons, steps) => checkEveryRecordKeptOnce(uow, persons, steps)), { numRuns: 25 });
    } finally {
      database.close();
    }
  });

  it("moves the others' records, fills empty fields, writes the logbook and CustomerMerged, deletes the others; a repeat changes nothing", async () => {
    const lp = await createLeadport({ database: "memory" });
    // Namesakes with different e-mails are never matched to each other; clearing the e-mails afterwards makes them look alike.
    const kept = must(await lp.inquiries.create({ title: "Dach", contact: { name: "Jürgen Müller", email: "a@example.org" } })).inquiry;
    const second = must(await lp.inquiries.create({ title: "Bad", contact: { name: "Jürgen Mueller", email: "b@example.org" } }));
    const third = must(await lp.inquiries.create({ title: "Fenster", contact: { name: "JUERGEN MUELLER", email: "jm@example.org" } })).inquiry;
    must(await lp.customers.update(kept.customerId, { email: null }));
    must(await lp.customers.update(second.inquiry.customerId, { email: null, phone: "0511 1" }));
    must(await lp.webLeads.submit({ type: "order", email: "jm@example.org", total: 99 }));
    const groups = must(await lp.customers.duplicates());
    expect(groups).toHaveLength(1);

    const [keepId, ...from] = groups[0]!.customers.map((c) => c.id);
    expect(keepId).toBe(kept.customerId);
    const merged = must(await lp.customers.merge(keepId!, from));
    expect(merged).toMatchObject({ id: keepId, email: "jm@example.org", phone: "0511 1", firstName: "Jürgen", lastName: "Müller" });
    expect(merged.inquiries.map((i) => i.title).sort()).toEqual(["Bad", "Dach", "Fenster"]);
    expect(merged.orders).toHaveLength(1);
    const moved = merged.inquiries.find((i) => i.id === third.id)!;
    expect(moved.logbook.at(-1)?.text).toContain(`merged into customer ${keepId}`);
    expect(merged.inquiries.find((i) => i.id === kept.id)!.logbook).toHaveLength(0);
    for (const id of from) expect(await lp.customers.get(id)).toMatchObject({ ok: false, error: { code: "not_found" } });
    const events = must(await lp.outbox.list({ limit: 500 })).filter((m) => m.type === "CustomerMerged");
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ customerId: keepId, mergedCustomerIds: from, attachmentCount: 0 });
    expect(JSON.stringify(events[0]!.payload)).not.toContain("jm@example.org");

    const again = must(await lp.customers.merge(keepId!, from));
    expect(again).toEqual(merged);
    expect(must(await lp.outbox.list({ limit: 500 })).filter((m) => m.type === "CustomerMerged")).toHaveLength(1);
    expect(must(await lp.customers.duplicates())).toEqual([]);
    expect(second.inquiry.customerMatch).toBe("created");
    await lp.close();
  });

  it("fails the whole merge naming unknown ids, refuses merging a customer into itself, and moves nothing", async () => {
    const lp = await createLeadport({ database: "memory" });
    const a = must(await lp.inquiries.create({ contact: { email: "a@example.org" } })).inquiry;
    const b = must(await lp.inquiries.create({ contact: { email: "b@example.org" } })).inquiry;
    const unknown = await lp.customers.merge(a.customerId, [b.customerId, "nope"]);
    expect(unknown).toMatchObject({ ok: false, error: { code: "not_found", issues: [{ path: "from.1" }] } });
    expect(must(await lp.customers.get(b.customerId)).inquiries).toHaveLength(1);
    expect(await lp.customers.merge(a.customerId, [a.customerId])).toMatchObject({ ok: false, error: { code: "validation_failed", issues: [{ path: "from.0" }] } });
    expect(await lp.customers.merge(a.customerId, [])).toMatchObject({ ok: false, error: { issues: [{ path: "from" }] } });
    expect(await lp.customers.merge("nope", [b.customerId])).toMatchObject({ ok: false, error: { code: "not_found" } });
    await lp.close();
  });
});
