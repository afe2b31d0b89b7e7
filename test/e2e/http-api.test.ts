import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { runLeadport } from "../support/cli.js";

describe("HTTP API on a real listening server", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.stop();
  });

  it("prints the first key once with a curl line that works", async () => {
    const text = server.output.join("\n");
    expect(text).toContain('created the workspace "default"');
    const curl = text.split("\n").find((line) => line.trim().startsWith("curl"));
    expect(curl).toContain(server.url);
    const body = curl?.match(/-d '(.*)'$/)?.[1];
    const response = await server.request("/api/v1/inquiries", { method: "POST", json: JSON.parse(body ?? "null") });
    expect(response.status).toBe(201);
  });

  it("answers /healthz without a key", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("creates an inquiry and returns everything stored about it", async () => {
    const response = await server.request("/api/v1/inquiries", {
      method: "POST",
      json: {
        title: "Dachsanierung Einfamilienhaus",
        contact: { name: "Erika Musterfrau", email: "erika@example.org", phone: "+49 511 4711" },
        address: { street: "Schwarzer Bär 2", zipcode: "30449", city: "Hannover", countryCode: "DE" },
        status: "Neu",
        source: "Google Ads",
        expectedValue: 18500.5,
        probability: 60,
        urgency: "high",
        followUpDate: "2026-12-01",
        desiredStartDate: "2027-03-01",
        category: "Dach",
        budget: { min: 15000, max: 25000 },
        tags: ["Dach", "Sanierung"],
        notes: "Altbau, Ziegel",
        comment: "Über Google Ads gekommen",
      },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toMatch(/^\/api\/v1\/inquiries\//);
    const inquiry = await response.json();
    expect(inquiry).toMatchObject({
      customerMatch: "created",
      status: "Neu",
      source: "Google Ads",
      expectedValue: 18500.5,
      budget: { min: 15000, max: 25000 },
      projectAddress: { street: "Schwarzer Bär 2", city: "Hannover" },
      logbook: [{ text: "Über Google Ads gekommen" }],
    });
    expect(inquiry.leadScore).toBeGreaterThan(50);
    expect(inquiry.leadScoreReasons.map((r: { rule: string }) => r.rule)).toContain("budget");
    for (const field of ["id", "customerId", "createdAt", "updatedAt"]) expect(inquiry[field]).toBeTruthy();

    const fetched = await server.request(`/api/v1/inquiries/${inquiry.id}`);
    expect(await fetched.json()).toEqual(inquiry);
  });

  it("yields one customer for two inquiries with the same e-mail in different case, and one new source", async () => {
    const send = (email: string) =>
      server.request("/api/v1/inquiries", { method: "POST", json: { contact: { name: "Jens Jansen", email }, source: "Portal XY" } });
    const a = await (await send("jens@example.org")).json();
    const b = await (await send("JENS@EXAMPLE.ORG")).json();
    expect(b.customerId).toBe(a.customerId);
    expect(b.customerMatch).toBe("email");
    const sources = await (await server.request("/api/v1/sources")).json();
    expect(sources.items.filter((s: { name: string }) => s.name === "Portal XY")).toHaveLength(1);
    const customer = await (await server.request(`/api/v1/customers/${a.customerId}`)).json();
    expect(customer.inquiries.map((i: { id: string }) => i.id).sort()).toEqual([a.id, b.id].sort());
  });

  it("updates partially, lists with filters and deletes", async () => {
    const created = await (
      await server.request("/api/v1/inquiries", { method: "POST", json: { contact: { email: "patch@example.org" }, tags: ["Heizung"] } })
    ).json();
    const patched = await server.request(`/api/v1/inquiries/${created.id}`, { method: "PATCH", json: { status: "Gewonnen", notes: "Auftrag!" } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ status: "Gewonnen", probability: 100, notes: "Auftrag!", tags: ["Heizung"] });

    const listed = await (await server.request("/api/v1/inquiries?status=gewonnen&tag=heizung&limit=10")).json();
    expect(listed.items.map((i: { id: string }) => i.id)).toEqual([created.id]);
    expect(listed.nextCursor).toBeNull();
    const searched = await (await server.request("/api/v1/inquiries?q=auftrag")).json();
    expect(searched.items.map((i: { id: string }) => i.id)).toEqual([created.id]);

    expect((await server.request(`/api/v1/inquiries/${created.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await server.request(`/api/v1/inquiries/${created.id}`)).status).toBe(404);
  });

  it("pages through the listing with nextCursor", async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = await (await server.request(`/api/v1/inquiries${query}`)).json();
      for (const item of page.items) seen.add(item.id);
      cursor = page.nextCursor;
    } while (cursor);
    const all = await (await server.request("/api/v1/inquiries?limit=200")).json();
    expect(seen.size).toBe(all.items.length);
  });

  describe("authentication", () => {
    it("answers 401 without a key and 403 for an unknown key", async () => {
      const none = await server.request("/api/v1/inquiries", { key: null });
      expect(none.status).toBe(401);
      expect(none.headers.get("content-type")).toContain("application/problem+json");
      const unknown = await server.request("/api/v1/inquiries", { key: "lp_live_doesnotexist" });
      expect(unknown.status).toBe(403);
    });

    it("accepts the key as X-API-KEY too", async () => {
      const response = await server.request("/api/v1/statuses", { key: null, headers: { "X-API-KEY": server.key } });
      expect(response.status).toBe(200);
      expect((await response.json()).items.map((s: { name: string }) => s.name)).toContain("Neu");
    });

    it("refuses a revoked key on the next request", async () => {
      const env = { LEADPORT_DATA_DIR: server.dataDir };
      const created = await runLeadport(["keys", "create", "--name", "to revoke"], env);
      const key = created.stdout.trim().split("\n").at(-1) ?? "";
      expect((await server.request("/api/v1/sources", { key })).status).toBe(200);
      const id = created.stdout.match(/key (\S+) "/)?.[1] ?? "";
      expect((await runLeadport(["keys", "revoke", id], env)).code).toBe(0);
      expect((await server.request("/api/v1/sources", { key })).status).toBe(403);
    });

    it("shows a record of another workspace as 404", async () => {
      const env = { LEADPORT_DATA_DIR: server.dataDir };
      await runLeadport(["workspaces", "create", "nachbar"], env);
      const created = await runLeadport(["keys", "create", "--name", "neighbour", "--workspace", "nachbar"], env);
      const neighbourKey = created.stdout.trim().split("\n").at(-1) ?? "";
      const mine = await (await server.request("/api/v1/inquiries", { method: "POST", json: { contact: { email: "mine@example.org" } } })).json();
      for (const [method, path] of [
        ["GET", `/api/v1/inquiries/${mine.id}`],
        ["PATCH", `/api/v1/inquiries/${mine.id}`],
        ["DELETE", `/api/v1/inquiries/${mine.id}`],
        ["GET", `/api/v1/customers/${mine.customerId}`],
      ] as const) {
        const response = await server.request(path, { method, key: neighbourKey, ...(method === "PATCH" ? { json: { notes: "x" } } : {}) });
        expect(response.status, `${method} ${path}`).toBe(404);
      }
      const theirList = await (await server.request("/api/v1/inquiries", { key: neighbourKey })).json();
      expect(theirList.items).toEqual([]);
    });
  });

  describe("errors", () => {
    it("answers invalid JSON with 400 problem+json", async () => {
      const response = await server.request("/api/v1/inquiries", { method: "POST", body: "{not json", headers: { "Content-Type": "application/json" } });
      expect(response.status).toBe(400);
      const problem = await response.json();
      expect(problem).toMatchObject({ status: 400, code: "invalid_json", instance: "/api/v1/inquiries" });
    });

    it("names each failing field", async () => {
      const response = await server.request("/api/v1/inquiries", {
        method: "POST",
        json: { contact: { email: "not-an-email" }, urgency: "sofort", desiredStartDate: "31.12.2026" },
      });
      expect(response.status).toBe(400);
      const problem = await response.json();
      expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(["desiredStartDate", "urgency"]);
      const second = await server.request("/api/v1/inquiries", { method: "POST", json: { contact: { email: "not-an-email" } } });
      expect((await second.json()).errors).toEqual([{ path: "contact.email", message: "is not a valid e-mail address" }]);
    });

    it("refuses read-only and unknown fields by name", async () => {
      const response = await server.request("/api/v1/inquiries", {
        method: "POST",
        json: { id: "x", leadScore: 100, workspaceId: "w", createdAt: "2026-01-01", colour: "red", contact: { email: "a@example.org" } },
      });
      expect(response.status).toBe(400);
      const errors = (await response.json()).errors as Array<{ path: string; message: string }>;
      expect(errors).toEqual(
        expect.arrayContaining([
          { path: "id", message: "is read-only" },
          { path: "leadScore", message: "is read-only" },
          { path: "workspaceId", message: "is read-only" },
          { path: "createdAt", message: "is read-only" },
          { path: "colour", message: "is not a known field" },
        ]),
      );
    });

    it("refuses a body over 1 MiB with 413", async () => {
      const response = await server.request("/api/v1/inquiries", {
        method: "POST",
        json: { contact: { email: "a@example.org" }, notes: "x".repeat(1024 * 1024 + 10) },
      });
      expect(response.status).toBe(413);
      expect((await response.json()).code).toBe("payload_too_large");
    });

    it("answers unknown routes and wrong methods with problem+json", async () => {
      const missing = await server.request("/api/v1/nothing-here");
      expect(missing.status).toBe(404);
      expect(missing.headers.get("content-type")).toContain("application/problem+json");
      const wrongMethod = await server.request("/api/v1/statuses", { method: "PUT" });
      expect(wrongMethod.status).toBe(405);
    });

    it("writes nothing when validation fails", async () => {
      const before = await (await server.request("/api/v1/customers?limit=200")).json();
      await server.request("/api/v1/inquiries", { method: "POST", json: { contact: { email: "ghost@example.org" }, probability: 101 } });
      const after = await (await server.request("/api/v1/customers?limit=200")).json();
      expect(after.items.length).toBe(before.items.length);
    });
  });
});
