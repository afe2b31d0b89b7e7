import { EventSource } from "eventsource";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addOutboxEvent } from "../support/outbox.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually } from "../support/smtp-sink.js";

describe("in-app notifications over HTTP", () => {
  let server: TestServer;
  const sources: EventSource[] = [];

  beforeEach(async () => {
    server = await startTestServer({ LEADPORT_OUTBOX_POLL_MS: "100" });
  });

  afterEach(async () => {
    // Stopping with streams still open: the server ends them instead of waiting for the clients.
    await server.stop();
    for (const source of sources) source.close();
  });

  const addStaff = async (body: Record<string, unknown>) => {
    const response = await server.request("/api/v1/staff", { method: "POST", json: body });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; email: string };
  };

  const stream = (staffId: string) => {
    const source = new EventSource(`${server.url}/api/v1/staff/${staffId}/notifications/stream`, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, Authorization: `Bearer ${server.key}` } }),
    });
    sources.push(source);
    const received: Array<{ id: string; title: string; kind: string }> = [];
    source.addEventListener("notification", (event) => received.push(JSON.parse(event.data) as { id: string; title: string; kind: string }));
    const opened = new Promise<void>((resolve, reject) => {
      source.onopen = () => resolve();
      source.onerror = (error) => reject(new Error(`stream failed: ${error.message ?? error.code}`));
    });
    return { received, opened };
  };

  it("streams a new order to the open tab of each staff member", async () => {
    const anna = await addStaff({ name: "Anna", email: "anna@firma.de" });
    const ben = await addStaff({ name: "Ben", email: "ben@firma.de", events: [] });
    const annaTab = stream(anna.id);
    const benTab = stream(ben.id);
    await Promise.all([annaTab.opened, benTab.opened]);

    await addOutboxEvent(server.dataDir, "default", "OrderReceived", "order-7", {
      order: { id: "order-7", email: "kunde@example.org", subject: null, totalCents: 4990, customerId: null },
    });

    for (const tab of [annaTab, benTab]) {
      const [pushed] = await eventually(() => (tab.received.length > 0 ? tab.received : null), "the order notification");
      expect(pushed).toMatchObject({ kind: "order_received", title: "Neue Bestellung! Eine Web-Bestellung über 49,90 € ist eingegangen." });
    }
    const list = await (await server.request(`/api/v1/staff/${anna.id}/notifications?unread=true`)).json();
    expect(list.items.map((n: { id: string }) => n.id)).toEqual([annaTab.received[0]?.id]);
  });

  it("streams a feature's notice to the staff it names, with its feature, topic and severity", async () => {
    const anna = await addStaff({ name: "Anna", email: "anna@firma.de" });
    const ben = await addStaff({ name: "Ben", email: "ben@firma.de" });
    const annaTab = stream(anna.id);
    const benTab = stream(ben.id);
    await Promise.all([annaTab.opened, benTab.opened]);

    await addOutboxEvent(server.dataDir, "default", "StaffNoticeRequested", "resp-1", {
      recipients: [anna.id],
      notice: {
        feature: "surveys",
        topic: "churn_risk",
        title: "Abwanderungsrisiko: Eva ist unzufrieden",
        summary: "Eva hat die Umfrage „Service“ beantwortet.",
        link: "/api/v1/customers/c1/satisfaction",
        severity: "warning",
      },
    });

    const [pushed] = await eventually(() => (annaTab.received.length > 0 ? annaTab.received : null), "the notice");
    expect(pushed).toMatchObject({
      kind: "notice",
      title: "Abwanderungsrisiko: Eva ist unzufrieden",
      link: "/api/v1/customers/c1/satisfaction",
      notice: { feature: "surveys", topic: "churn_risk", severity: "warning" },
    });
    const benList = await (await server.request(`/api/v1/staff/${ben.id}/notifications`)).json();
    expect([benTab.received, benList.items]).toEqual([[], []]);
  });

  it("lists, reads and reads all, and keeps another workspace's staff out of reach", async () => {
    const anna = await addStaff({ name: "Anna", email: "anna@firma.de" });
    for (const id of ["o1", "o2"]) {
      await addOutboxEvent(server.dataDir, "default", "OrderReceived", id, { order: { id, email: null, subject: null, totalCents: 100, customerId: null } });
    }
    const unread = await eventually(async () => {
      const body = await (await server.request(`/api/v1/staff/anna@firma.de/notifications?unread=true`)).json();
      return body.unreadCount === 2 ? body : null;
    }, "two notifications");

    const read = await server.request(`/api/v1/staff/${anna.id}/notifications/${unread.items[0].id}/read`, { method: "POST" });
    expect(read.status).toBe(200);
    expect((await read.json()).readAt).toEqual(expect.any(String));
    expect((await (await server.request(`/api/v1/staff/${anna.id}/notifications?unread=true`)).json()).unreadCount).toBe(1);
    expect(await (await server.request(`/api/v1/staff/${anna.id}/notifications/read-all`, { method: "POST" })).json()).toEqual({ marked: 1 });

    const badQuery = await server.request(`/api/v1/staff/${anna.id}/notifications?limit=0`);
    expect(badQuery.status).toBe(400);
    expect((await badQuery.json()).errors[0].path).toBe("limit");
    expect((await server.request(`/api/v1/staff/nobody/notifications`)).status).toBe(404);
    expect((await server.request(`/api/v1/staff/${anna.id}/notifications/nope/read`, { method: "POST" })).status).toBe(404);
    expect((await server.request(`/api/v1/staff/${anna.id}/notifications/stream`, { key: null })).status).toBe(401);
  });

  it("manages staff over the API and enforces staff assignees", async () => {
    const refused = await server.request("/api/v1/inquiries", { method: "POST", json: { title: "Dach", contact: { name: "Max" }, assignee: "anna@firma.de" } });
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors).toEqual([{ path: "assignee", message: "is not a staff member of this workspace" }]);

    const anna = await addStaff({ name: "Anna", email: "Anna@Firma.de", role: "owner" });
    expect(anna.email).toBe("anna@firma.de");
    const accepted = await server.request("/api/v1/inquiries", { method: "POST", json: { title: "Dach", contact: { name: "Max" }, assignee: "anna@firma.de" } });
    expect(accepted.status).toBe(201);

    const duplicate = await server.request("/api/v1/staff", { method: "POST", json: { name: "Anna 2", email: "anna@firma.de" } });
    expect(duplicate.status).toBe(409);
    const invalid = await server.request("/api/v1/staff", { method: "POST", json: { name: "X", email: "x@y.de", events: ["all"], id: "mine" } });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual(["events.0", "id"]);

    const patched = await server.request(`/api/v1/staff/${anna.id}`, { method: "PATCH", json: { emailEnabled: false, events: ["new_order"] } });
    expect(await patched.json()).toMatchObject({ emailEnabled: false, events: ["new_order"], role: "owner" });
    expect((await (await server.request("/api/v1/staff")).json()).items).toHaveLength(1);
    expect((await server.request(`/api/v1/staff/${anna.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await server.request(`/api/v1/staff/${anna.id}`)).status).toBe(404);
  });
});
