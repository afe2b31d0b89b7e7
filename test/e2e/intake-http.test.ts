import { existsSync, readdirSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLeadport } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

const SEED_001_EXAMPLE = readFileSync(new URL("../fixtures/seed-001-example.json", import.meta.url), "utf8");
const SEED_002_EXAMPLE = readFileSync(new URL("../fixtures/seed-002-example.json", import.meta.url), "utf8");
const ONE_PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const MAX_BYTES = 2048;
const MAX_FILES = 3;

const lastLine = (text: string) => text.trim().split("\n").at(-1) ?? "";

function form(data: unknown | null, files: Array<[string, Uint8Array | string]>): FormData {
  const body = new FormData();
  if (data !== null) body.append("data", JSON.stringify(data));
  for (const [name, content] of files) body.append("file", new Blob([content]), name);
  return body;
}

describe("intake over HTTP on a real listening server", () => {
  let server: TestServer;
  let env: NodeJS.ProcessEnv;
  let neighbourKey: string;

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_ATTACHMENT_MAX_BYTES: String(MAX_BYTES), LEADPORT_ATTACHMENT_MAX_FILES: String(MAX_FILES) });
    env = { LEADPORT_DATA_DIR: server.dataDir };
    await runLeadport(["workspaces", "create", "nachbar"], env);
    neighbourKey = lastLine((await runLeadport(["keys", "create", "--name", "neighbour", "--workspace", "nachbar"], env)).stdout);
  });

  afterAll(async () => {
    await server.stop();
  });

  /** Every file the blob store holds, so tests can prove a failed upload left none behind. */
  const storedBlobs = (): string[] => {
    const root = join(server.dataDir, "attachments");
    if (!existsSync(root)) return [];
    return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
  };

  const lead = (body: string, headers: Record<string, string> = { "X-API-KEY": server.key }, path = "/api/v1/lead.php") =>
    server.request(path, { method: "POST", key: null, body, headers: { "Content-Type": "application/json", ...headers } });

  describe("seed 001: web-to-CRM", () => {
    it("accepts the seed's example verbatim and files a ticket", async () => {
      const response = await lead(SEED_001_EXAMPLE);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await response.json()).toEqual({ status: "success", message: "Daten verarbeitet", type: "ticket" });
      const tickets = (await (await server.request("/api/v1/tickets")).json()).items;
      expect(tickets[0]).toMatchObject({ email: "max.mustermann@beispiel.de", subject: "Interesse an Beratung", status: "open", customerId: null });
    });

    it("takes an order on /api/v1/lead with the key as ?key=, ignoring unknown fields", async () => {
      const body = JSON.stringify({ type: "order", email: "shop@example.org", total: 49.9, subject: "Gutschein", newsletter: true, utm: { source: "x" } });
      const response = await lead(body, {}, `/api/v1/lead?key=${encodeURIComponent(server.key)}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "success", message: "Daten verarbeitet", type: "order" });
      const orders = (await (await server.request("/api/v1/orders?status=new")).json()).items;
      expect(orders[0]).toMatchObject({ email: "shop@example.org", total: 49.9, subject: "Gutschein", status: "new" });
    });

    it("prefers X-API-KEY over ?key=", async () => {
      const response = await lead(JSON.stringify({ type: "ticket", email: "a@example.org", message: "x" }), { "X-API-KEY": server.key }, "/api/v1/lead?key=wrong");
      expect(response.status).toBe(200);
    });

    it('titles a ticket without subject "Anfrage Webseite"', async () => {
      await lead(JSON.stringify({ type: "ticket", email: "ohne-betreff@example.org", message: "Hallo" }));
      const tickets = (await (await server.request("/api/v1/tickets")).json()).items;
      expect(tickets.find((t: { email: string }) => t.email === "ohne-betreff@example.org")?.subject).toBe("Anfrage Webseite");
    });

    it("answers 401 without a key and 403 for a wrong, revoked or publishable key, in the seed's shape", async () => {
      const body = JSON.stringify({ type: "ticket", email: "a@example.org", message: "x" });
      const none = await lead(body, {});
      expect(none.status).toBe(401);
      expect(await none.json()).toEqual({ status: "error", message: expect.any(String) });
      expect((await lead(body, { "X-API-KEY": "lp_live_wrong" })).status).toBe(403);

      const created = await runLeadport(["keys", "create", "--name", "to revoke"], env);
      const revoked = lastLine(created.stdout);
      await runLeadport(["keys", "revoke", created.stdout.match(/key (\S+) "/)?.[1] ?? ""], env);
      const revokedAnswer = await lead(body, { "X-API-KEY": revoked });
      expect(revokedAnswer.status).toBe(403);
      expect(await revokedAnswer.json()).toEqual({ status: "error", message: expect.any(String) });

      const publishable = lastLine(
        (await runLeadport(["keys", "create", "--name", "form", "--publishable", "--origin", "https://www.example-dachdecker.de"], env)).stdout,
      );
      expect(publishable).toMatch(/^lp_pub_/);
      expect((await lead(body, { "X-API-KEY": publishable })).status).toBe(403);
    });

    it("answers 400 for invalid JSON, a missing or unknown type, a missing e-mail and a ticket without message", async () => {
      for (const [body, mentions] of [
        ["{not json", "JSON"],
        [JSON.stringify({ email: "a@example.org", message: "x" }), "type"],
        [JSON.stringify({ type: "invoice", email: "a@example.org", message: "x" }), "type"],
        [JSON.stringify({ type: "ticket", message: "x" }), "email"],
        [JSON.stringify({ type: "ticket", email: "a@example.org" }), "message"],
        [JSON.stringify({ type: "order", email: "a@example.org", total: "49,90" }), "total"],
        ["", "JSON"],
      ] as const) {
        const response = await lead(body);
        expect(response.status, body).toBe(400);
        const reply = await response.json();
        expect(Object.keys(reply).sort()).toEqual(["message", "status"]);
        expect(reply.status).toBe("error");
        expect(reply.message, body).toContain(mentions);
      }
    });
  });

  describe("seed 002: partner projects", () => {
    const project = (body: NonNullable<RequestInit["body"]>, headers: Record<string, string> = {}, key: string | null = server.key) =>
      server.request("/api/v1/Projects/create", { method: "POST", key, body, headers });

    it("accepts the seed's example payload verbatim and creates the project with its customer", async () => {
      const response = await project(SEED_002_EXAMPLE, { "Content-Type": "application/json", Accept: "application/json" });
      expect(response.status).toBe(200);
      const reply = await response.json();
      expect(reply).toMatchObject({ status: "success", project_id: expect.any(String), customer_id: expect.any(String) });
      const inquiry = await (await server.request(`/api/v1/inquiries/${reply.project_id}`)).json();
      expect(inquiry).toMatchObject({
        category: "DOG",
        source: "Mein Kontaktformular",
        notes: "Optionale Hinweise für das Notizfeld.",
        logbook: [{ text: "Dieser Kommentar erscheint im Logbuch zu dem Projekt." }],
        address: { street: "Schwarzer Bär 2", city: "Hannover", zipcode: "30449", countryCode: "DE" },
        projectAddress: { street: "Schwarzer Bär 5", city: "Hannover", zipcode: "30449", countryCode: "DE" },
      });
      const customer = await (await server.request(`/api/v1/customers/${reply.customer_id}`)).json();
      expect(customer).toMatchObject({ email: "max.mustermann@example.org", salutation: "Herr", firstName: "Max", lastName: "Mustermann", companyName: "Meine Firma" });
      const sources = (await (await server.request("/api/v1/sources")).json()).items.map((s: { name: string }) => s.name);
      expect(sources).toContain("Mein Kontaktformular");

      const again = await (await project(SEED_002_EXAMPLE, { "Content-Type": "application/json" })).json();
      expect(again.customer_id).toBe(reply.customer_id);
    });

    it("falls back to the customer address for the project address", async () => {
      const body = JSON.stringify({ customer: { email: "ohne-objekt@example.org" }, address: { street: "Hauptstr. 1", city: "Celle", zipcode: "29221", country_code: "DE" } });
      const reply = await (await project(body, { "Content-Type": "application/json" })).json();
      const inquiry = await (await server.request(`/api/v1/inquiries/${reply.project_id}`)).json();
      expect(inquiry.projectAddress).toMatchObject({ street: "Hauptstr. 1", city: "Celle" });
    });

    it("answers every failure as JSON with a message", async () => {
      const json = { "Content-Type": "application/json" };
      const cases: Array<[ReturnType<typeof project>, number, string]> = [
        [project(SEED_002_EXAMPLE, json, null), 401, "key"],
        [project(SEED_002_EXAMPLE, json, "lp_live_wrong"), 403, "key"],
        [project("{kaputt", json), 400, "JSON"],
        [project(JSON.stringify({ measure: "DOG" }), json), 400, "customer"],
        [project(JSON.stringify({ customer: { email: "kein-at" } }), json), 400, "customer.email"],
        [project(JSON.stringify({ customer: { email: "a@example.org" }, projectaddress: { country_code: "Germany" } }), json), 400, "projectaddress.country_code"],
        [project("customer=a", { "Content-Type": "text/plain" }), 415, "application/json"],
      ];
      for (const [pending, status, mentions] of cases) {
        const response = await pending;
        expect(response.status).toBe(status);
        const reply = await response.json();
        expect(reply.status).toBe("error");
        expect(reply.message).toContain(mentions);
      }
    });

    it("takes files as multipart with a data part and stores them with the project", async () => {
      const response = await project(form(JSON.parse(SEED_002_EXAMPLE), [["Dach.png", ONE_PIXEL_PNG], ["Notiz.txt", "Bitte vorher anrufen"]]));
      expect(response.status).toBe(200);
      const reply = await response.json();
      expect(reply.attachments).toMatchObject([
        { filename: "Dach.png", content_type: "image/png", size: ONE_PIXEL_PNG.length },
        { filename: "Notiz.txt", content_type: "text/plain; charset=utf-8" },
      ]);
      const listed = (await (await server.request(`/api/v1/inquiries/${reply.project_id}/attachments`)).json()).items;
      expect(listed.map((a: { id: string }) => a.id)).toEqual(reply.attachments.map((a: { id: string }) => a.id));
    });

    it("creates neither project nor blob when a file is too large or the data part is missing", async () => {
      const blobsBefore = storedBlobs().length;
      const inquiriesBefore = (await (await server.request("/api/v1/inquiries?limit=200")).json()).items.length;
      const tooLarge = await project(form({ customer: { email: "gross@example.org" } }, [["klein.txt", "ok"], ["gross.bin", new Uint8Array(MAX_BYTES + 1)]]));
      expect(tooLarge.status).toBe(413);
      expect((await tooLarge.json()).message).toContain("gross.bin");
      const tooMany = await project(form({ customer: { email: "viele@example.org" } }, Array.from({ length: MAX_FILES + 1 }, (_, i) => [`f${i}.txt`, "x"] as [string, string])));
      expect(tooMany.status).toBe(400);
      expect((await tooMany.json()).message).toContain(`at most ${MAX_FILES}`);
      const noData = await project(form(null, [["a.txt", "x"]]));
      expect(noData.status).toBe(400);
      expect((await noData.json()).message).toContain("data");
      const invalid = await project(form({ customer: {} }, [["a.txt", "x"]]));
      expect(invalid.status).toBe(400);
      expect(storedBlobs().length).toBe(blobsBefore);
      expect((await (await server.request("/api/v1/inquiries?limit=200")).json()).items.length).toBe(inquiriesBefore);
    });
  });

  describe("tickets and web orders on the native API", () => {
    const submit = async (body: object) => expect((await lead(JSON.stringify(body))).status).toBe(200);

    it("lists, filters, shows and closes tickets; closing twice is a conflict", async () => {
      const customer = await (await server.request("/api/v1/inquiries", { method: "POST", json: { contact: { name: "Ute Ticket", email: "ute@example.org" } } })).json();
      await submit({ type: "ticket", email: "UTE@example.org", subject: "Frage", message: "Wann kommen Sie?" });
      const mine = (await (await server.request(`/api/v1/tickets?customerId=${customer.customerId}`)).json()).items;
      expect(mine).toMatchObject([{ email: "UTE@example.org", customerId: customer.customerId, status: "open" }]);
      const id = mine[0].id;
      expect(await (await server.request(`/api/v1/tickets/${id}`)).json()).toEqual(mine[0]);
      const closed = await server.request(`/api/v1/tickets/${id}/close`, { method: "POST" });
      expect(closed.status).toBe(200);
      expect(await closed.json()).toMatchObject({ status: "closed", closedAt: expect.any(String) });
      const again = await server.request(`/api/v1/tickets/${id}/close`, { method: "POST" });
      expect(again.status).toBe(409);
      expect(again.headers.get("content-type")).toContain("application/problem+json");
      const closedOnes = (await (await server.request("/api/v1/tickets?status=closed")).json()).items.map((t: { id: string }) => t.id);
      expect(closedOnes).toContain(id);
      expect((await (await server.request("/api/v1/tickets?status=open")).json()).items.map((t: { id: string }) => t.id)).not.toContain(id);
      expect((await server.request("/api/v1/tickets?status=done")).status).toBe(400);

      const record = await (await server.request(`/api/v1/customers/${customer.customerId}`)).json();
      expect(record.tickets.map((t: { id: string }) => t.id)).toEqual([id]);
      expect(record.orders).toEqual([]);
    });

    it("accepts and rejects orders from the inbox once, and lists them in the customer's record", async () => {
      const customer = await (await server.request("/api/v1/inquiries", { method: "POST", json: { contact: { email: "oskar@example.org" } } })).json();
      await submit({ type: "order", email: "oskar@example.org", total: 120 });
      await submit({ type: "order", email: "oskar@example.org", total: 5.5 });
      const inbox = (await (await server.request(`/api/v1/orders?customerId=${customer.customerId}&status=new`)).json()).items;
      expect(inbox.map((o: { total: number }) => o.total)).toEqual([5.5, 120]);
      const [small, large] = inbox;
      expect((await (await server.request(`/api/v1/orders/${large.id}/accept`, { method: "POST" })).json()).status).toBe("accepted");
      expect((await (await server.request(`/api/v1/orders/${small.id}/reject`, { method: "POST" })).json()).status).toBe("rejected");
      expect((await server.request(`/api/v1/orders/${small.id}/accept`, { method: "POST" })).status).toBe(409);
      expect(await (await server.request(`/api/v1/orders/${large.id}`)).json()).toMatchObject({ status: "accepted", decidedAt: expect.any(String) });
      const record = await (await server.request(`/api/v1/customers/${customer.customerId}`)).json();
      expect(record.orders.map((o: { status: string }) => o.status).sort()).toEqual(["accepted", "rejected"]);
    });

    it("pages through the ticket listing with nextCursor", async () => {
      const seen = new Set<string>();
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
        const page: { items: Array<{ id: string }>; nextCursor: string | null } = await (await server.request(`/api/v1/tickets${query}`)).json();
        for (const item of page.items) seen.add(item.id);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.size).toBe((await (await server.request("/api/v1/tickets?limit=200")).json()).items.length);
      expect((await server.request("/api/v1/tickets?cursor=nonsense")).status).toBe(400);
    });
  });

  describe("attachments on the native API", () => {
    let inquiryId: string;

    beforeAll(async () => {
      inquiryId = (await (await server.request("/api/v1/inquiries", { method: "POST", json: { contact: { email: "anhang@example.org" } } })).json()).id;
    });

    const upload = (body: NonNullable<RequestInit["body"]>, id = inquiryId, key?: string) =>
      server.request(`/api/v1/inquiries/${id}/attachments`, { method: "POST", body, ...(key ? { key } : {}) });

    it("stores files, lists them and serves them back safely", async () => {
      const response = await upload(form(null, [["Grundriss Küche.png", ONE_PIXEL_PNG], ["<script>.html", "<html><script>alert(1)</script>"]]));
      expect(response.status).toBe(201);
      const { items } = await response.json();
      expect(items).toMatchObject([
        { inquiryId, filename: "Grundriss Küche.png", contentType: "image/png", size: ONE_PIXEL_PNG.length },
        { filename: "script.html", contentType: "text/plain; charset=utf-8" },
      ]);
      expect(items[0].sha256).toMatch(/^[0-9a-f]{64}$/);
      const listed = (await (await server.request(`/api/v1/inquiries/${inquiryId}/attachments`)).json()).items;
      expect(listed).toEqual(items);

      const download = await server.request(`/api/v1/inquiries/${inquiryId}/attachments/${items[0].id}`);
      expect(download.status).toBe(200);
      expect(download.headers.get("content-type")).toBe("image/png");
      expect(download.headers.get("x-content-type-options")).toBe("nosniff");
      expect(download.headers.get("content-disposition")).toBe(
        `attachment; filename="Grundriss Kuche.png"; filename*=UTF-8''${encodeURIComponent("Grundriss Küche.png")}`,
      );
      expect(Buffer.from(await download.arrayBuffer())).toEqual(ONE_PIXEL_PNG);
      const html = await server.request(`/api/v1/inquiries/${inquiryId}/attachments/${items[1].id}`);
      expect(html.headers.get("content-type")).toContain("text/plain");
    });

    it("enforces the size and count limits and stores nothing of a refused request", async () => {
      const before = storedBlobs().length;
      const tooLarge = await upload(form(null, [["a.txt", "ok"], ["b.bin", new Uint8Array(MAX_BYTES + 1)]]));
      expect(tooLarge.status).toBe(413);
      expect(await tooLarge.json()).toMatchObject({ code: "file_too_large" });
      const tooMany = await upload(form(null, Array.from({ length: MAX_FILES + 1 }, (_, i) => [`f${i}.txt`, "x"] as [string, string])));
      expect(tooMany.status).toBe(400);
      expect(await tooMany.json()).toMatchObject({ code: "too_many_files", limit: MAX_FILES, errors: [{ path: "files" }] });
      const exactlyAtLimit = await upload(form(null, [["genau.bin", new Uint8Array(MAX_BYTES)]]));
      expect(exactlyAtLimit.status).toBe(201);
      expect(storedBlobs().length).toBe(before + 1);
    });

    it("removes the half-written file of an upload that breaks off", async () => {
      const before = storedBlobs().length;
      const boundary = "leadport-abort-test";
      const { hostname, port } = new URL(server.url);
      const upload = request({
        hostname,
        port,
        method: "POST",
        path: `/api/v1/inquiries/${inquiryId}/attachments`,
        headers: { Authorization: `Bearer ${server.key}`, "Content-Type": `multipart/form-data; boundary=${boundary}`, "Content-Length": "100000" },
      });
      upload.on("error", () => undefined);
      upload.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="teil.bin"\r\n\r\n${"x".repeat(1000)}`);
      // The server is writing the file once its temporary file exists; then the client vanishes.
      await expect.poll(() => storedBlobs().length, { timeout: 10_000 }).toBeGreaterThan(before);
      upload.destroy();
      await expect.poll(() => storedBlobs().length, { timeout: 10_000 }).toBe(before);
      expect((await server.request(`/api/v1/inquiries/${inquiryId}/attachments`)).status).toBe(200);
    });

    it("refuses a request without files, a body that is not multipart and an unknown inquiry", async () => {
      expect((await upload(form(null, []))).status).toBe(400);
      const json = await server.request(`/api/v1/inquiries/${inquiryId}/attachments`, { method: "POST", json: { file: "x" } });
      expect(json.status).toBe(415);
      expect((await upload(form(null, [["a.txt", "x"]]), "no-such-inquiry")).status).toBe(404);
      expect((await server.request(`/api/v1/inquiries/${inquiryId}/attachments/no-such-file`)).status).toBe(404);
    });
  });

  describe("tenant isolation", () => {
    it("shows tickets, orders and attachments of another workspace as 404", async () => {
      await lead(JSON.stringify({ type: "ticket", email: "iso@example.org", message: "x" }));
      await lead(JSON.stringify({ type: "order", email: "iso@example.org", total: 1 }));
      const ticket = (await (await server.request("/api/v1/tickets?limit=1")).json()).items[0];
      const order = (await (await server.request("/api/v1/orders?limit=1")).json()).items[0];
      const inquiry = (await (await server.request("/api/v1/inquiries", { method: "POST", json: { contact: { email: "iso@example.org" } } })).json()).id;
      const attachment = (await (await server.request(`/api/v1/inquiries/${inquiry}/attachments`, { method: "POST", body: form(null, [["a.txt", "x"]]) })).json()).items[0];
      for (const [method, path] of [
        ["GET", `/api/v1/tickets/${ticket.id}`],
        ["POST", `/api/v1/tickets/${ticket.id}/close`],
        ["GET", `/api/v1/orders/${order.id}`],
        ["POST", `/api/v1/orders/${order.id}/accept`],
        ["POST", `/api/v1/orders/${order.id}/reject`],
        ["GET", `/api/v1/inquiries/${inquiry}/attachments`],
        ["GET", `/api/v1/inquiries/${inquiry}/attachments/${attachment.id}`],
      ] as const) {
        expect((await server.request(path, { method, key: neighbourKey })).status, `${method} ${path}`).toBe(404);
      }
      expect((await server.request(`/api/v1/inquiries/${inquiry}/attachments`, { method: "POST", key: neighbourKey, body: form(null, [["b.txt", "y"]]) })).status).toBe(404);
      expect((await (await server.request("/api/v1/tickets", { key: neighbourKey })).json()).items).toEqual([]);
      expect((await (await server.request("/api/v1/orders", { key: neighbourKey })).json()).items).toEqual([]);
      expect((await (await server.request(`/api/v1/tickets/${ticket.id}`)).json()).status).toBe("open");
    });
  });
});
