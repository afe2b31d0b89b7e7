import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLeadport, type Leadport } from "../../src/hosts/library.js";
import { startTestServer, type TestServer } from "../support/server.js";

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};

describe("editing and deleting customers through the library", () => {
  let lp: Leadport;
  beforeAll(async () => {
    lp = await createLeadport({ database: "memory" });
  });
  afterAll(() => lp.close());

  it("changes the fields sent, clears those sent as null, and matches by the new e-mail and name afterwards", async () => {
    const created = must(await lp.inquiries.create({ contact: { name: "Jürgen Müller", email: "alt@example.org", phone: "0511 1" } }));
    const id = created.inquiry.customerId;
    const updated = must(await lp.customers.update(id, { email: "Neu@Example.org", phone: null, address: { city: "Hannover" } }));
    expect(updated).toMatchObject({ email: "Neu@Example.org", phone: null, address: { city: "Hannover", street: null } });
    must(await lp.customers.update(id, { address: { zipcode: "30449" } }));
    expect(must(await lp.customers.get(id)).address).toMatchObject({ city: "Hannover", zipcode: "30449" });

    const byEmail = must(await lp.inquiries.create({ contact: { email: "neu@example.org" } }));
    expect(byEmail.inquiry).toMatchObject({ customerId: id, customerMatch: "email" });
    const byOld = must(await lp.inquiries.create({ contact: { email: "alt@example.org" } }));
    expect(byOld.inquiry.customerMatch).toBe("created");

    must(await lp.customers.update(id, { firstName: "Hans" }));
    const byName = must(await lp.inquiries.create({ contact: { name: "HANS MUELLER" } }));
    expect(byName.inquiry).toMatchObject({ customerId: id, customerMatch: "name" });
  });

  it("records CustomerUpdated with the changed fields, and nothing for an edit that changes nothing", async () => {
    const created = must(await lp.inquiries.create({ contact: { email: "event@example.org" } }));
    const id = created.inquiry.customerId;
    must(await lp.customers.update(id, { phone: "+49 1", lastName: "Ereignis" }));
    must(await lp.customers.update(id, { phone: "+49 1" }));
    const events = must(await lp.outbox.list({ limit: 500 })).filter((m) => m.type === "CustomerUpdated" && m.aggregateId === id);
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ changed: ["lastName", "phone"], customer: { id, phone: "+49 1" } });
  });

  it("names unknown and read-only fields, refuses a bad e-mail and an edit that leaves no identity", async () => {
    const created = must(await lp.inquiries.create({ contact: { email: "rules@example.org" } }));
    const id = created.inquiry.customerId;
    const unknown = await lp.customers.update(id, { nickname: "x", id: "y", displayName: "z" } as never);
    expect(unknown).toMatchObject({ ok: false, error: { code: "validation_failed" } });
    if (!unknown.ok) {
      expect(unknown.error.issues).toEqual(
        expect.arrayContaining([
          { path: "nickname", message: "is not a known field" },
          { path: "id", message: "is read-only" },
          { path: "displayName", message: "is read-only" },
        ]),
      );
    }
    expect(await lp.customers.update(id, { email: "kein-mail" })).toMatchObject({ ok: false, error: { issues: [{ path: "email" }] } });
    expect(await lp.customers.update(id, { email: null })).toMatchObject({ ok: false, error: { issues: [{ path: "email" }] } });
    expect(must(await lp.customers.get(id)).email).toBe("rules@example.org");
  });

  it("keeps other workspaces' customers out of reach", async () => {
    const created = must(await lp.inquiries.create({ contact: { email: "tenant@example.org" } }));
    const other = await lp.forWorkspace("filiale");
    expect(await other.customers.update(created.inquiry.customerId, { phone: "1" })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await other.customers.delete(created.inquiry.customerId)).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("refuses to delete a customer with inquiries, tickets or orders and names their counts; deletes one without", async () => {
    const created = must(await lp.inquiries.create({ contact: { email: "busy@example.org" } }));
    must(await lp.inquiries.create({ title: "zweite", contact: { email: "busy@example.org" } }));
    must(await lp.webLeads.submit({ type: "ticket", email: "busy@example.org", message: "Hallo" }));
    const id = created.inquiry.customerId;
    const refused = await lp.customers.delete(id);
    expect(refused).toMatchObject({ ok: false, error: { code: "conflict" } });
    if (!refused.ok) {
      expect(refused.error.message).toContain("2 inquiries, 1 ticket");
      expect(refused.error.issues).toEqual([
        { path: "inquiries", message: "2 still refer to this customer" },
        { path: "tickets", message: "1 still refer to this customer" },
      ]);
    }
    expect(must(await lp.customers.get(id)).inquiries).toHaveLength(2);

    const lonely = must(await lp.inquiries.create({ contact: { email: "lonely@example.org" } }));
    must(await lp.inquiries.delete(lonely.inquiry.id));
    must(await lp.customers.delete(lonely.inquiry.customerId));
    expect(await lp.customers.get(lonely.inquiry.customerId)).toMatchObject({ ok: false, error: { code: "not_found" } });
    const events = must(await lp.outbox.list({ limit: 500 })).filter((m) => m.type === "CustomerDeleted");
    expect(events.map((m) => m.payload)).toEqual([{ customerId: lonely.inquiry.customerId }]);
  });
});

describe("PATCH and DELETE /api/v1/customers/:id on a real server", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it("edits a customer, answers problem+json naming the field, and 409 with counts on delete", async () => {
    const inquiry = await (await server.request("/api/v1/inquiries", { method: "POST", json: { contact: { email: "http@example.org" } } })).json();
    const path = `/api/v1/customers/${inquiry.customerId}`;
    const patched = await server.request(path, { method: "PATCH", json: { phone: "+49 511 0", lastName: "Huber" } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ id: inquiry.customerId, phone: "+49 511 0", displayName: "Huber" });

    const bad = await server.request(path, { method: "PATCH", json: { createdAt: "2020-01-01T00:00:00Z" } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect((await bad.json()).errors).toEqual([{ path: "createdAt", message: "is read-only" }]);

    const refused = await server.request(path, { method: "DELETE" });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "conflict", errors: [{ path: "inquiries", message: "1 still refer to this customer" }] });

    expect((await server.request(`/api/v1/inquiries/${inquiry.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await server.request(path, { method: "DELETE" })).status).toBe(204);
    expect((await server.request(path)).status).toBe(404);
    expect((await server.request(path, { method: "PATCH", json: { phone: "1" } })).status).toBe(404);
  });
});
