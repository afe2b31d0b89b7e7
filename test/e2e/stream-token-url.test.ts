import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

/** fetch will not send a Host header of the caller's choosing; node:http will. */
function postWithHost(server: TestServer, path: string, host: string, extra: Record<string, string> = {}): Promise<{ status: number; body: { url: string } }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server.url), {
      method: "POST",
      headers: { Host: host, Authorization: `Bearer ${server.key}`, ...extra },
    });
    req.on("response", (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as { url: string } }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the address in a stream-token answer", () => {
  let server: TestServer;

  afterEach(async () => {
    await server.stop();
  });

  async function tokenUrl(env: Record<string, string>, host: string, extra: Record<string, string> = {}): Promise<string> {
    server = await startTestServer(env);
    const added = await server.request("/api/v1/staff", { method: "POST", json: { name: "Anna", email: "anna@firma.de" } });
    expect(added.status).toBe(201);
    const answer = await postWithHost(server, "/api/v1/staff/anna@firma.de/notifications/stream-token", host, extra);
    expect(answer.status).toBe(200);
    return answer.body.url;
  }

  it("is built from LEADPORT_PUBLIC_URL, whatever Host the request names", async () => {
    const url = await tokenUrl({ LEADPORT_PUBLIC_URL: "https://leads.dachdecker-schulz.de/" }, "evil.example");
    expect(url).toMatch(/^https:\/\/leads\.dachdecker-schulz\.de\/api\/v1\/staff\/[^/]+\/notifications\/stream\?token=/);
  });

  it("ignores forged X-Forwarded-Host and -Proto even behind a trusted proxy", async () => {
    const url = await tokenUrl({ LEADPORT_PUBLIC_URL: "https://leads.example.de", LEADPORT_TRUST_PROXY: "1" }, "evil.example", {
      "X-Forwarded-Host": "evil.example",
      "X-Forwarded-Proto": "http",
    });
    expect(url.startsWith("https://leads.example.de/api/v1/staff/")).toBe(true);
  });

  it("without LEADPORT_PUBLIC_URL, is the address the server listens on, not the Host header", async () => {
    const url = await tokenUrl({}, "evil.example");
    expect(url.startsWith(`${server.url}/api/v1/staff/`)).toBe(true);
  });
});
