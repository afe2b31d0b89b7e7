import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

describe("control characters over HTTP", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.stop();
  });

  it("answers 400 naming the field for NUL in a name and stores nothing", async () => {
    const response = await server.request("/api/v1/inquiries", {
      method: "POST",
      json: { title: "Dach", contact: { name: "Max\u0000Muster", email: "nul@example.org" } },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual([{ path: "contact.name", message: expect.stringContaining("control characters") }]);
    expect((await (await server.request("/api/v1/inquiries?q=nul@example.org")).json()).items).toEqual([]);
  });

  it("stores an uploaded file name without bidi overrides or control characters", async () => {
    const created = await server.request("/api/v1/inquiries", { method: "POST", json: { title: "Dach", contact: { name: "Max", email: "max@example.org" } } });
    const id = (await created.json()).id as string;
    // filename* carries what raw header bytes may not: a BEL and a right-to-left override.
    const body = `--zzz\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''rechnung%E2%80%AEfdp%07.exe\r\n\r\nhallo\r\n--zzz--\r\n`;
    const response = await server.request(`/api/v1/inquiries/${id}/attachments`, {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=zzz" },
      body,
    });
    expect(response.status).toBe(201);
    expect((await response.json()).items[0].filename).toBe("rechnungfdp.exe");
  });

  it("seed endpoint: refuses a CR/LF-free but NUL-carrying e-mail with its own reply shape", async () => {
    const response = await server.request("/api/v1/lead.php", {
      method: "POST",
      headers: { "X-API-KEY": server.key, "Content-Type": "application/json" },
      key: null,
      body: JSON.stringify({ type: "ticket", email: "a\u0000@example.org", message: "Hallo" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ status: "error", message: expect.stringContaining("email") });
  });
});
