import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLeadport } from "../support/cli.js";
import { DocumentedResponses } from "../support/documented-responses.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually } from "../support/smtp-sink.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Documented JSON answers this suite does not provoke, each with the reason. */
const SURVEYS_CHECKED = "checked by the surveys module's own suite, test/surveys/survey-api-responses.test.ts";
const NOT_EXERCISED: Readonly<Record<string, string>> = {
  "post /api/v1/surveys 201": SURVEYS_CHECKED,
  "get /api/v1/surveys 200": SURVEYS_CHECKED,
  "get /api/v1/surveys/{id} 200": SURVEYS_CHECKED,
  "patch /api/v1/surveys/{id} 200": SURVEYS_CHECKED,
  "post /api/v1/surveys/{id}/dispatches 201": SURVEYS_CHECKED,
  "get /api/v1/surveys/{id}/dispatches 200": SURVEYS_CHECKED,
  "get /api/v1/surveys/{id}/results 200": SURVEYS_CHECKED,
  "get /api/v1/dispatches/{id} 200": SURVEYS_CHECKED,
  "post /api/v1/dispatches/{id}/participants 200": SURVEYS_CHECKED,
  "post /api/v1/dispatches/{id}/close 200": SURVEYS_CHECKED,
  "get /api/v1/customers/{id}/satisfaction 200": SURVEYS_CHECKED,
  "get /api/v1/participant-lists/{id}/members 200": SURVEYS_CHECKED,
  "put /api/v1/participant-lists/{id}/members 200": SURVEYS_CHECKED,
  "patch /api/v1/participant-lists/{id}/members 200": SURVEYS_CHECKED,
  "post /api/v1/survey-triggers 201": SURVEYS_CHECKED,
  "get /api/v1/survey-triggers 200": SURVEYS_CHECKED,
  "post /api/v1/inquiries/{id}/accounting/resend 202": "needs a draft the accounting system refused: checked against the Lexware Office double by test/accounting/resend-and-backfill.test.ts",
};

/*
 * Drives a real server through the main flows and holds every answer to /openapi.json: each
 * status must be documented for its route, and each JSON body must validate against the schema
 * documented for that route and status. A view, a page wrapper or a seed reply that changes
 * without its schema fails here.
 */
describe("answers match the API reference", () => {
  let server: TestServer;
  let apiDocument: Json;
  let documented: DocumentedResponses;
  let publishableKey: string;

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_FORM_RATE_PER_IP: "off", LEADPORT_OUTBOX_POLL_MS: "100" });
    apiDocument = (await (await fetch(`${server.url}/openapi.json`)).json()) as Json;
    documented = new DocumentedResponses(apiDocument);
    publishableKey = (
      await runLeadport(["keys", "create", "--name", "Website", "--publishable", "--origin", "https://www.example.org"], { LEADPORT_DATA_DIR: server.dataDir })
    ).stdout.trim().split("\n").pop()!;
  });

  afterAll(async () => {
    await server.stop();
  });

  /** Sends a request with the server's secret key (unless told otherwise) and checks the answer against the document. */
  async function call(method: string, path: string, init: Parameters<TestServer["request"]>[1] = {}): Promise<{ status: number; body: Json }> {
    const response = await server.request(path, { method, ...init });
    const checked = await documented.check(method, path, response);
    return { status: checked.status, body: checked.body as Json };
  }

  const multipart = (parts: Array<[string, string | Blob, string?]>): FormData => {
    const body = new FormData();
    for (const [name, value, filename] of parts) {
      if (typeof value === "string") body.append(name, value);
      else body.append(name, value, filename);
    }
    return body;
  };

  it("documents the answers of the reference itself and of the health check", async () => {
    expect((await call("GET", "/healthz", { key: null })).body).toEqual({ status: "ok" });
    expect((await call("GET", "/readyz", { key: null })).body).toEqual({ status: "ready" });
    expect((await call("GET", "/openapi.json", { key: null })).body.openapi).toMatch(/^3\.1\./);
    expect((await call("GET", "/docs/nope.js", { key: null })).status).toBe(404);
  });

  it("documents inquiries, customers and catalogs: create, upsert, list, page, get, update, delete", async () => {
    await call("POST", "/api/v1/staff", { json: { name: "Lea Schulz", email: "lea@dachdecker-schulz.de" } });
    const documentedExample = apiDocument.paths["/api/v1/inquiries"].post.requestBody.content["application/json"].example as Json;
    const full = {
      ...documentedExample,
      assignee: "lea@dachdecker-schulz.de",
      followUpDate: "2026-12-01",
      expectedCloseDate: "2027-01-15",
      desiredStartDate: "2027-03-01",
      category: "Dach",
      notes: "Altbau",
      externalRef: "portal-4711",
    };
    const created = await call("POST", "/api/v1/inquiries", { json: full });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.budget).toEqual({ min: 15000, max: 25000 });
    const upserted = await call("POST", "/api/v1/inquiries", { json: { ...full, notes: "Altbau, Ziegel" } });
    expect(upserted.status).toBe(200);
    const bare = await call("POST", "/api/v1/inquiries", { json: { contact: { name: "Max Mustermann" } } });
    expect(bare.body.address).toBeNull();

    const firstPage = await call("GET", "/api/v1/inquiries?limit=1");
    expect(firstPage.body.nextCursor).toEqual(expect.any(String));
    const lastPage = await call("GET", `/api/v1/inquiries?limit=50&cursor=${encodeURIComponent(firstPage.body.nextCursor)}`);
    expect(lastPage.body.nextCursor).toBeNull();
    await call("GET", `/api/v1/inquiries/${created.body.id}`);
    const won = await call("PATCH", `/api/v1/inquiries/${created.body.id}`, { json: { status: "Gewonnen", comment: "Auftrag erteilt" } });
    expect(won.body.wonAt).toEqual(expect.any(String));
    expect(won.body.logbook.length).toBeGreaterThanOrEqual(2);

    const customers = await call("GET", "/api/v1/customers?limit=1");
    expect(customers.body.nextCursor).toEqual(expect.any(String));
    expect((await call("GET", `/api/v1/customers/${created.body.customerId}`)).body.inquiries).toHaveLength(1);
    expect((await call("GET", "/api/v1/statuses")).body.items.some((status: Json) => status.isWon)).toBe(true);
    expect((await call("GET", "/api/v1/sources")).body.items.length).toBeGreaterThan(0);
    expect((await call("DELETE", `/api/v1/inquiries/${bare.body.id}`)).status).toBe(204);
  });

  it("documents the error answers as problem+json", async () => {
    expect((await call("POST", "/api/v1/inquiries", { json: { contact: { email: "not-an-e-mail" } } })).body.errors).toEqual([
      expect.objectContaining({ path: "contact.email" }),
    ]);
    const invalidJson = await call("POST", "/api/v1/inquiries", { body: "{", headers: { "Content-Type": "application/json" } });
    expect(invalidJson.body.code).toBe("invalid_json");
    expect((await call("PATCH", "/api/v1/inquiries/x", { body: "title=x", headers: { "Content-Type": "text/plain" } })).status).toBe(415);
    expect((await call("GET", "/api/v1/inquiries", { key: null })).status).toBe(401);
    expect((await call("GET", "/api/v1/customers", { key: "lp_live_wrong" })).status).toBe(403);
    expect((await call("GET", "/api/v1/customers", { key: publishableKey })).status).toBe(403);
    expect((await call("GET", "/api/v1/inquiries/no-such-id")).status).toBe(404);
    expect((await call("GET", "/api/v1/inquiries?limit=500")).status).toBe(400);
  });

  it("documents the seed endpoints' replies, tickets, web orders and a customer's whole file", async () => {
    const email = "kunde@example.org";
    const { body: inquiry } = await call("POST", "/api/v1/inquiries", { json: { title: "Carport", contact: { name: "Kunde", email } } });
    const seedKey = { key: null, headers: { "X-API-KEY": server.key } };
    const ticketReply = await call("POST", "/api/v1/lead.php", { ...seedKey, json: { type: "ticket", email, subject: "Rückruf", message: "Bitte anrufen." } });
    expect(ticketReply.body).toEqual({ status: "success", message: "Daten verarbeitet", type: "ticket" });
    await call("POST", "/api/v1/lead", { ...seedKey, json: { type: "order", email, subject: "Bestellung", message: "2 Rinnen", total: 99.9 } });
    await call("POST", "/api/v1/lead.php", { ...seedKey, json: { type: "order", email: "neu@example.org", message: "1 Rinne", total: 10 } });
    expect((await call("POST", "/api/v1/lead.php", { ...seedKey, json: { type: "fax", email } })).body.status).toBe("error");
    expect((await call("POST", "/api/v1/lead.php", { key: null, json: { type: "ticket", email, message: "x" } })).status).toBe(401);

    const project = await call("POST", "/api/v1/Projects/create", {
      body: multipart([
        ["data", JSON.stringify({ measure: "DOG", customer: { email: "partner@example.org", first_name: "Paula", last_name: "Partner" } })],
        ["file", new Blob(["%PDF-1.4\n%%EOF\n"], { type: "application/pdf" }), "Angebot.pdf"],
      ]),
    });
    expect(project.body.attachments).toHaveLength(1);
    expect((await call("POST", "/api/v1/Projects/create", { json: { measure: "DOG" } })).body.status).toBe("error");

    const tickets = await call("GET", "/api/v1/tickets?limit=1");
    const ticketId = tickets.body.items[0].id as string;
    await call("GET", `/api/v1/tickets/${ticketId}`);
    expect((await call("POST", `/api/v1/tickets/${ticketId}/close`)).body.status).toBe("closed");
    expect((await call("POST", `/api/v1/tickets/${ticketId}/close`)).status).toBe(409);

    const orders = await call("GET", "/api/v1/orders");
    expect(orders.body.items).toHaveLength(2);
    const [first, second] = orders.body.items as Json[];
    await call("GET", `/api/v1/orders/${first!.id}`);
    expect((await call("POST", `/api/v1/orders/${first!.id}/accept`)).body.status).toBe("accepted");
    expect((await call("POST", `/api/v1/orders/${second!.id}/reject`)).body.status).toBe("rejected");
    expect((await call("POST", `/api/v1/orders/${first!.id}/reject`)).status).toBe(409);

    const file = await call("GET", `/api/v1/customers/${inquiry.customerId}`);
    expect([file.body.inquiries.length, file.body.tickets.length, file.body.orders.length]).toEqual([1, 1, 1]);
  });

  it("documents attachments: upload, list and download", async () => {
    const { body: inquiry } = await call("POST", "/api/v1/inquiries", { json: { contact: { name: "Mit Anhang" } } });
    const path = `/api/v1/inquiries/${inquiry.id}/attachments`;
    const uploaded = await call("POST", path, { body: multipart([["file", new Blob(["Grundriss"], { type: "text/plain" }), "Grundriss Ä.txt"]]) });
    expect(uploaded.status).toBe(201);
    expect((await call("GET", path)).body.items).toHaveLength(1);
    expect((await call("GET", `${path}/${uploaded.body.items[0].id}`)).body).toBe("Grundriss");
    expect((await call("GET", `${path}/no-such-id`)).status).toBe(404);
    expect((await call("POST", path, { body: multipart([["note", "no file"]]) })).status).toBe(400);
    expect((await call("GET", "/api/v1/inquiries/no-such-id/attachments")).status).toBe(404);
  });

  it("documents staff and their notifications", async () => {
    const anna = await call("POST", "/api/v1/staff", { json: { name: "Anna Schulz", email: "anna@dachdecker-schulz.de" } });
    expect(anna.status).toBe(201);
    const bernd = await call("POST", "/api/v1/staff", { json: { name: "Bernd", email: "bernd@dachdecker-schulz.de", events: ["new_order"], emailEnabled: false } });
    expect((await call("POST", "/api/v1/staff", { json: { name: "Anna 2", email: "anna@dachdecker-schulz.de" } })).status).toBe(409);
    await call("GET", "/api/v1/staff");
    await call("GET", "/api/v1/staff/anna@dachdecker-schulz.de");
    await call("PATCH", `/api/v1/staff/${bernd.body.id}`, { json: { role: "Meister" } });

    await call("POST", "/api/v1/inquiries", { json: { title: "Gaube", contact: { name: "Gustav Gaube" } } });
    const notifications = await eventually(async () => {
      const list = await call("GET", `/api/v1/staff/${anna.body.id}/notifications?unread=true`);
      return list.body.items.length > 0 ? list.body : null;
    }, "a notification for Anna");
    expect(notifications.unreadCount).toBeGreaterThan(0);
    expect((await call("POST", `/api/v1/staff/${anna.body.id}/notifications/${notifications.items[0].id}/read`)).body.readAt).toEqual(expect.any(String));
    await call("POST", `/api/v1/staff/${anna.body.id}/notifications/read-all`);
    expect((await call("POST", `/api/v1/staff/${anna.body.id}/notifications/stream-token`)).body.url).toContain("?token=");
    expect((await call("GET", "/api/v1/staff/nobody/notifications")).status).toBe(404);
    expect((await call("DELETE", `/api/v1/staff/${bernd.body.id}`)).status).toBe(204);
  });

  it("documents the score weights: read, change, rescore", async () => {
    // One inquiry of its own to rescore, whether or not the tests above filed theirs.
    const filed = await server.request("/api/v1/inquiries", { method: "POST", json: { title: "Gewichte", contact: { name: "Greta Gewicht" } } });
    if (filed.status !== 201) throw new Error(`the inquiry to rescore was refused: ${filed.status}`);
    expect((await call("GET", "/api/v1/settings/score-weights")).body.value).toEqual(expect.any(Number));
    const changed = await call("PATCH", "/api/v1/settings/score-weights", { json: { urgency: 20 } });
    expect(changed.body.urgency).toBe(20);
    expect((await call("PATCH", "/api/v1/settings/score-weights", { json: { urgency: -1 } })).status).toBe(400);
    expect((await call("POST", "/api/v1/settings/score-weights/rescore")).body.scanned).toBeGreaterThan(0);
  });

  it("documents catalog management: change, merge, delete of statuses and sources", async () => {
    await call("POST", "/api/v1/inquiries", { json: { title: "Katalog", contact: { name: "Kai Katalog" }, status: "Doppelt", source: "Doppelquelle" } });
    for (const [catalog, entry, other, target] of [
      ["statuses", "Doppelt", "Zweitstatus", "Neu"],
      ["sources", "Doppelquelle", "Zweitquelle", "Website"],
    ] as const) {
      const changed = await call("PATCH", `/api/v1/${catalog}/${entry}`, { json: { position: 1 } });
      expect(changed.body.entry.position).toBe(1);
      expect((await call("PATCH", `/api/v1/${catalog}/${entry}`, { json: { name: target } })).status).toBe(409);
      expect((await call("POST", `/api/v1/${catalog}/${entry}/merge`, { json: { into: target } })).body.inquiriesMoved).toBe(1);
      await call("POST", "/api/v1/inquiries", { json: { title: other, contact: { name: "Kai Katalog" }, [catalog === "statuses" ? "status" : "source"]: other } });
      expect((await call("DELETE", `/api/v1/${catalog}/${other}`)).status).toBe(409);
      expect((await call("DELETE", `/api/v1/${catalog}/${other}?moveTo=${target}`)).body.inquiriesMoved).toBe(1);
      expect((await call("DELETE", `/api/v1/${catalog}/${other}`)).status).toBe(404);
    }
  });

  it("documents the contact form's JSON reply", async () => {
    const received = await call("POST", "/api/v1/forms/inquiry", {
      key: null,
      headers: { "X-API-KEY": publishableKey, Accept: "application/json" },
      json: { name: "Erika Musterfrau", email: "erika@example.org", message: "Bitte um Rückruf." },
    });
    expect(received.status).toBe(201);
    const missing = await call("POST", "/api/v1/forms/inquiry", {
      key: null,
      headers: { "X-API-KEY": publishableKey, Accept: "application/json" },
      json: { name: "Erika Musterfrau" },
    });
    expect(missing.status).toBe(400);
  });

  it("documents held inquiries: the held list and a release", async () => {
    expect(
      (await call("POST", "/api/v1/forms/inquiry", {
        key: null,
        headers: { "X-API-KEY": publishableKey, Accept: "application/json" },
        json: { name: "Bot", email: "held-doc@example.org", message: "Hallo", website: "http://spam.example" },
      })).status,
    ).toBe(201);
    const held = await call("GET", "/api/v1/inquiries?held=true");
    expect(held.body.items[0].heldForReview).toBe(true);
    const released = await call("POST", `/api/v1/inquiries/${held.body.items[0].id}/release`);
    expect(released.status).toBe(200);
    expect((await call("POST", `/api/v1/inquiries/${held.body.items[0].id}/release`)).status).toBe(409);
  });

  it("documents customer management: edit, refuse and delete", async () => {
    const { body: inquiry } = await call("POST", "/api/v1/inquiries", { json: { contact: { name: "Clara Kunde", email: "clara@example.org" } } });
    const path = `/api/v1/customers/${inquiry.customerId}`;
    expect((await call("PATCH", path, { json: { phone: "+49 30 1" } })).body.phone).toBe("+49 30 1");
    expect((await call("PATCH", path, { json: { id: "x" } })).status).toBe(400);
    expect((await call("DELETE", path)).status).toBe(409);
    await call("DELETE", `/api/v1/inquiries/${inquiry.id}`);
    expect((await call("DELETE", path)).status).toBe(204);
  });

  it("documents duplicates and merging", async () => {
    const a = (await call("POST", "/api/v1/inquiries", { json: { contact: { name: "Doppel Gänger", email: "dg1@example.org" } } })).body;
    const b = (await call("POST", "/api/v1/inquiries", { json: { contact: { name: "Doppel Gaenger", email: "dg2@example.org" } } })).body;
    await call("PATCH", `/api/v1/customers/${b.customerId}`, { json: { email: "DG1@example.org" } });
    const duplicates = (await call("GET", "/api/v1/customers/duplicates")).body;
    expect(duplicates.items).toContainEqual(expect.objectContaining({ reasons: expect.arrayContaining(["same_email"]) }));
    const merged = await call("POST", `/api/v1/customers/${a.customerId}/merge`, { json: { from: [b.customerId] } });
    expect(merged.body.inquiries).toHaveLength(2);
    expect((await call("POST", `/api/v1/customers/${a.customerId}/merge`, { json: { from: [b.customerId] } })).status).toBe(200);
    expect((await call("POST", `/api/v1/customers/${a.customerId}/merge`, { json: { from: ["nope"] } })).status).toBe(404);
    expect((await call("POST", `/api/v1/customers/${a.customerId}/merge`, { json: { from: [] } })).status).toBe(400);
  });

  it("documents export and erasure", async () => {
    const { body: inquiry } = await call("POST", "/api/v1/inquiries", { json: { contact: { name: "Ida Export", email: "ida@example.org" }, notes: "Keller" } });
    const path = `/api/v1/customers/${inquiry.customerId}`;
    const exported = await call("GET", `${path}/export`);
    expect(exported.body.inquiries.map((i: Json) => i.id)).toEqual([inquiry.id]);
    expect((await call("DELETE", `${path}?erase=maybe`)).status).toBe(400);
    const erased = await call("DELETE", `${path}?erase=true`);
    expect(erased.body).toMatchObject({ customerId: inquiry.customerId, inquiries: 1 });
    expect((await call("GET", `/api/v1/inquiries/${inquiry.id}`)).status).toBe(404);
    expect((await call("GET", `${path}/export`)).status).toBe(404);
    expect((await call("DELETE", `${path}?erase=true`)).status).toBe(404);
  });

  it("documents the workspace's rate limit per key", async () => {
    expect((await call("GET", "/api/v1/settings/rate-limit")).body).toMatchObject({ perKey: null });
    expect((await call("PATCH", "/api/v1/settings/rate-limit", { json: { perKey: "6000/m" } })).body).toMatchObject({ perKey: "6000/m", effective: "6000/m" });
    expect((await call("PATCH", "/api/v1/settings/rate-limit", { json: { perKey: "viel" } })).status).toBe(400);
    expect((await call("PATCH", "/api/v1/settings/rate-limit", { json: { perKey: null } })).body.perKey).toBeNull();
  });

  it("documents the retention settings and runs", async () => {
    expect((await call("GET", "/api/v1/settings/retention")).body).toEqual({ closedTicketsMonths: null, lostInquiriesMonths: null, deliveredEventsDays: 30, surveyResponsesDays: null });
    expect((await call("PATCH", "/api/v1/settings/retention", { json: { closedTicketsMonths: 24 } })).body.closedTicketsMonths).toBe(24);
    expect((await call("PATCH", "/api/v1/settings/retention", { json: { closedTicketsMonths: -1 } })).status).toBe(400);
    expect((await call("POST", "/api/v1/settings/retention/run?dryRun=true")).body).toMatchObject({ dryRun: true, closedTickets: [] });
    expect((await call("POST", "/api/v1/settings/retention/run?dryRun=yes")).status).toBe(400);
  });

  it("documents the accounting views and actions: status, one quote draft, resend and backfill", async () => {
    const { body: inquiry } = await call("POST", "/api/v1/inquiries", { json: { title: "Angebot", contact: { name: "Olga Offen", email: "olga@example.org" } } });
    expect((await call("GET", `/api/v1/inquiries/${inquiry.id}/accounting`)).body).toMatchObject({ status: "none", quote: null });
    expect((await call("GET", "/api/v1/inquiries/no-such-id/accounting")).status).toBe(404);
    expect((await call("GET", "/api/v1/accounting")).body).toMatchObject({ connection: null, syncs: [] });
    expect((await call("POST", "/api/v1/inquiries/no-such-id/accounting/resend")).status).toBe(404);
    expect((await call("POST", `/api/v1/inquiries/${inquiry.id}/accounting/resend`)).body.code).toBe("accounting_not_resendable");
    expect((await call("POST", "/api/v1/accounting/backfill", { json: { since: "2020-01-01" } })).body.code).toBe("accounting_not_connected");
    expect((await call("POST", "/api/v1/accounting/backfill", { json: { since: "1.1.2020" } })).status).toBe(400);
    expect((await runLeadport(["accounting", "connect", "file"], { LEADPORT_DATA_DIR: server.dataDir })).code).toBe(0);
    expect((await call("POST", "/api/v1/accounting/backfill", { json: { since: "2020-01-01" } })).body).toMatchObject({ since: "2020-01-01", queued: expect.any(Number) });
  });

  it("rejects an answer whose field was renamed, retyped or added (the check itself works)", async () => {
    const { body: inquiry } = await call("POST", "/api/v1/inquiries", { json: { title: "Probe", contact: { name: "Paul Probe", email: "paul@example.org" } } });
    const page = (await call("GET", "/api/v1/inquiries?limit=1")).body;
    const problem = (await call("GET", "/api/v1/inquiries/no-such-id")).body;
    const { title, ...withoutTitle } = inquiry;
    const planted: Array<[string, string, number, string, unknown]> = [
      ["post", "/api/v1/inquiries", 201, "application/json", { ...withoutTitle, name: title }],
      ["get", "/api/v1/inquiries/{id}", 200, "application/json", { ...inquiry, contact: { ...inquiry.contact, mail: "x" } }],
      ["get", "/api/v1/inquiries/{id}", 200, "application/json", { ...inquiry, leadScore: String(inquiry.leadScore) }],
      ["get", "/api/v1/inquiries/{id}", 200, "application/json", { ...inquiry, createdAt: "yesterday" }],
      ["get", "/api/v1/inquiries", 200, "application/json", { items: page.items, next: page.nextCursor }],
      ["get", "/api/v1/inquiries/{id}", 404, "application/problem+json", { ...problem, message: problem.detail }],
      ["post", "/api/v1/lead.php", 200, "application/json", { status: "success", message: "Daten gespeichert", type: "ticket" }],
    ];
    for (const [method, template, status, contentType, body] of planted) {
      expect(() => documented.assertValid(method, template, status, contentType, body), `${method} ${template} ${JSON.stringify(body)}`).toThrow(
        /does not match the documented schema/,
      );
    }
  });

  it("documents webhooks: subscriptions, a ping, a secret rotation, deliveries and a redelivery", async () => {
    // A name that never resolves (RFC 6761): deliveries and the ping fail at once, which is all this checks.
    const created = await call("POST", "/api/v1/webhooks", { json: { url: "https://crm.example.invalid/hooks", events: ["inquiry.*"] } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await call("GET", "/api/v1/webhooks")).body.items.length).toBeGreaterThan(0);
    expect((await call("GET", `/api/v1/webhooks/${id}`)).body.secret).toBeUndefined();
    expect((await call("PATCH", `/api/v1/webhooks/${id}`, { json: { fields: ["status"], description: "ERP" } })).body.fields).toEqual(["status"]);
    expect((await call("POST", `/api/v1/webhooks/${id}/test`)).body.ok).toBe(false);
    const rotated = await call("POST", `/api/v1/webhooks/${id}/rotate-secret`, { json: { graceHours: 2 } });
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect((await call("POST", `/api/v1/webhooks/${id}/rotate-secret`)).status).toBe(200);
    expect((await call("POST", `/api/v1/webhooks/${id}/rotate-secret`, { json: { graceHours: 169 } })).status).toBe(400);
    await call("POST", "/api/v1/inquiries", { json: { title: "Webhook", contact: { name: "Wera Hook", email: "wera@example.org" } } });
    const delivery = await eventually(async () => (await call("GET", `/api/v1/webhooks/${id}/deliveries`)).body.items[0] as Json | undefined, "a queued delivery");
    const firstPage = (await call("GET", `/api/v1/webhooks/${id}/deliveries?limit=1`)).body;
    const nextPage = await call("GET", `/api/v1/webhooks/${id}/deliveries?limit=1${firstPage.nextCursor ? `&cursor=${firstPage.nextCursor}` : ""}`);
    expect(nextPage.status).toBe(200);
    expect((await call("GET", `/api/v1/webhooks/${id}/deliveries?cursor=nope`)).status).toBe(400);
    expect((await call("POST", `/api/v1/webhooks/${id}/deliveries/${delivery.id}/redeliver`)).status).toBe(202);
    expect((await call("DELETE", `/api/v1/webhooks/${id}`)).status).toBe(204);
  });

  it("has checked every documented JSON success answer (or says why not)", () => {
    const unchecked = documented.documentedJsonSuccesses().filter((answer) => !documented.checked.has(answer) && !(answer in NOT_EXERCISED));
    expect(unchecked).toEqual([]);
  });
});
