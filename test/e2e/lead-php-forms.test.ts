import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

/**
 * A plain HTML form (no JavaScript) posts to lead.php URL-encoded or as multipart. Both must be
 * answered exactly like the JSON body, byte for byte, and tickets keep name and phone.
 */
describe("lead.php takes plain web-form posts", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  const post = (body: string | FormData, headers: Record<string, string> = {}) =>
    server.request(`/api/v1/lead.php?key=${encodeURIComponent(server.key)}`, { method: "POST", key: null, body, headers });
  const tickets = async () => (await (await server.request("/api/v1/tickets")).json()).items as Array<Record<string, unknown>>;

  it("answers a URL-encoded ticket with the JSON answer's exact bytes and keeps name and phone", async () => {
    const fields = { type: "ticket", email: "form@example.org", message: "Bitte Rückruf", name: "Erika Muster", phone: "+49 511 123456" };
    const encoded = await post(new URLSearchParams(fields).toString(), { "Content-Type": "application/x-www-form-urlencoded" });
    const json = await post(JSON.stringify({ ...fields, email: "json@example.org" }), { "Content-Type": "application/json" });
    expect(encoded.status).toBe(200);
    const encodedText = await encoded.text();
    expect(encodedText).toBe(await json.text());
    expect(encodedText).toBe('{"status":"success","message":"Daten verarbeitet","type":"ticket"}');
    const stored = (await tickets()).find((t) => t.email === "form@example.org");
    expect(stored).toMatchObject({ name: "Erika Muster", phone: "+49 511 123456", message: "Bitte Rückruf", subject: "Anfrage Webseite" });
    const single = await (await server.request(`/api/v1/tickets/${String(stored?.id)}`)).json();
    expect(single).toMatchObject({ name: "Erika Muster", phone: "+49 511 123456" });
  });

  it("takes a multipart order with a German decimal total and ignores an empty file input", async () => {
    const body = new FormData();
    body.append("type", "order");
    body.append("email", "shop-form@example.org");
    body.append("total", "49,90");
    body.append("attachment", new Blob([]), "");
    const response = await post(body);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"status":"success","message":"Daten verarbeitet","type":"order"}');
    const orders = (await (await server.request("/api/v1/orders")).json()).items as Array<Record<string, unknown>>;
    expect(orders.find((o) => o.email === "shop-form@example.org")).toMatchObject({ total: 49.9 });
  });

  it("refuses a form without type with the same message as a JSON body", async () => {
    const encoded = await post(new URLSearchParams({ email: "x@example.org", message: "x" }).toString(), {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    const json = await post(JSON.stringify({ email: "x@example.org", message: "x" }), { "Content-Type": "application/json" });
    expect(encoded.status).toBe(400);
    expect(await encoded.text()).toBe(await json.text());
  });

  it("refuses a total that is not a number, and stores nothing", async () => {
    const before = (await (await server.request("/api/v1/orders")).json()).items.length;
    const response = await post(new URLSearchParams({ type: "order", email: "x@example.org", total: "viel" }).toString(), {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(/total/);
    expect((await (await server.request("/api/v1/orders")).json()).items.length).toBe(before);
  });
});
