import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLeadport } from "../support/cli.js";
import { rawRequest } from "../support/raw-http.js";
import { startTestServer, type TestServer } from "../support/server.js";

const SITE = "https://www.example-dachdecker.de";
const TRUNCATED =
  '--zzz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nunterminated';
const MULTIPART = { "Content-Type": "multipart/form-data; boundary=zzz" };

async function publishableKey(server: TestServer): Promise<string> {
  const run = await runLeadport(["keys", "create", "--name", "Website", "--publishable", "--origin", SITE], { LEADPORT_DATA_DIR: server.dataDir });
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.trim().split("\n").pop()!;
}

describe("multipart bodies that break off or grow without end", () => {
  let server: TestServer;
  let pub: string;
  let inquiryId: string;

  beforeAll(async () => {
    server = await startTestServer({
      LEADPORT_FORM_RATE_PER_IP: "off",
      LEADPORT_FORM_RATE_PER_KEY: "off",
      LEADPORT_ATTACHMENT_MAX_BYTES: "1000",
      LEADPORT_ATTACHMENT_MAX_FILES: "2",
    });
    pub = await publishableKey(server);
    const created = await server.request("/api/v1/inquiries", {
      method: "POST",
      json: { title: "Dach", contact: { name: "Max Muster", email: "max@example.org" } },
    });
    expect(created.status).toBe(201);
    inquiryId = (await created.json()).id;
  });

  afterAll(async () => {
    await server.stop();
  });

  const healthy = async () => expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

  it("answers a truncated multipart form with 400 problem+json and keeps running", async () => {
    const response = await fetch(`${server.url}/api/v1/forms/inquiry?key=${pub}`, {
      method: "POST",
      headers: { ...MULTIPART, Accept: "application/json" },
      body: TRUNCATED,
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(((await response.json()) as { code: string }).code).toBe("invalid_multipart");
    await healthy();
  });

  it("answers a truncated attachment upload with 400 problem+json, stores nothing and keeps running", async () => {
    const response = await server.request(`/api/v1/inquiries/${inquiryId}/attachments`, { method: "POST", headers: MULTIPART, body: TRUNCATED });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect((await response.json()).code).toBe("invalid_multipart");
    expect((await (await server.request(`/api/v1/inquiries/${inquiryId}/attachments`)).json()).items).toEqual([]);
    await healthy();
  });

  it("answers a truncated partner project with the seed's error reply and keeps running", async () => {
    const body = `--zzz\r\nContent-Disposition: form-data; name="data"\r\n\r\n{}\r\n${TRUNCATED}`;
    const response = await server.request("/api/v1/Projects/create", { method: "POST", headers: MULTIPART, body });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ status: "error", message: expect.stringContaining("cannot be read") });
    await healthy();
  });

  it("survives a file part that breaks off in the middle of a large file", async () => {
    const body = `--zzz\r\nContent-Disposition: form-data; name="file"; filename="b.bin"\r\n\r\n${"x".repeat(600)}`;
    const response = await server.request(`/api/v1/inquiries/${inquiryId}/attachments`, { method: "POST", headers: MULTIPART, body });
    expect(response.status).toBe(400);
    await healthy();
  });

  it("caps a whole upload at files × file size plus a margin, answering 413 without reading the rest", async () => {
    const answer = await rawRequest(server.url, `/api/v1/inquiries/${inquiryId}/attachments`, {
      headers: { ...MULTIPART, Authorization: `Bearer ${server.key}`, "Transfer-Encoding": "chunked" },
      // A preamble before the first boundary: busboy skips it, only the cap can stop it.
      endless: { chunk: Buffer.alloc(64 * 1024, "p"), maxBytes: 256 * 1024 * 1024 },
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).code).toBe("payload_too_large");
    // 2 × 1000 bytes + the margin for fields is about 1.1 MiB; socket buffers add a few MiB at most.
    expect(answer.bytesSent).toBeLessThan(32 * 1024 * 1024);
    await healthy();
  });

  it("refuses a declared Content-Length over the cap before reading anything", async () => {
    const answer = await rawRequest(server.url, `/api/v1/inquiries/${inquiryId}/attachments`, {
      headers: { ...MULTIPART, Authorization: `Bearer ${server.key}`, "Content-Length": String(1024 * 1024 * 1024) },
      body: "--zzz\r\n",
      leaveOpen: true,
    });
    expect(answer.status).toBe(413);
    await healthy();
  });

  it("checks the form key before reading the body: a wrong key is answered while the body is still open", async () => {
    const answer = await rawRequest(server.url, "/api/v1/forms/inquiry?key=lp_pub_wrong", {
      headers: { ...MULTIPART, Accept: "application/json", "Content-Length": String(9 * 1024 * 1024) },
      body: "--zzz\r\n",
      leaveOpen: true,
    });
    expect(answer.status).toBe(403);
  });

  it("checks the origin before reading the body when the key travels inside it", async () => {
    const answer = await rawRequest(server.url, "/api/v1/forms/inquiry", {
      headers: { ...MULTIPART, Accept: "application/json", Origin: "https://evil.example", "Content-Length": String(9 * 1024 * 1024) },
      body: "--zzz\r\n",
      leaveOpen: true,
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text).code).toBe("origin_not_allowed");
  });

  it("caps the whole form body at 10 MiB, answering 413 as soon as it is passed", async () => {
    const answer = await rawRequest(server.url, `/api/v1/forms/inquiry?key=${pub}`, {
      headers: { ...MULTIPART, Accept: "application/json", "Transfer-Encoding": "chunked" },
      endless: { chunk: Buffer.alloc(64 * 1024, "p"), maxBytes: 256 * 1024 * 1024 },
    });
    expect(answer.status).toBe(413);
    expect(answer.bytesSent).toBeLessThan(48 * 1024 * 1024);
    await healthy();
  });
});

describe("the per-address form limit", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_FORM_RATE_PER_IP: "1/1h", LEADPORT_FORM_RATE_PER_KEY: "off" });
  });

  afterAll(async () => {
    await server.stop();
  });

  it("is checked before the body is read", async () => {
    const key = await publishableKey(server);
    const first = await fetch(`${server.url}/api/v1/forms/inquiry`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ key, name: "Rita Rate", email: "rita@example.org", message: "Hallo" }),
    });
    expect(first.status).toBe(201);
    const answer = await rawRequest(server.url, `/api/v1/forms/inquiry?key=${key}`, {
      headers: { ...MULTIPART, Accept: "application/json", "Content-Length": String(9 * 1024 * 1024) },
      body: "--zzz\r\n",
      leaveOpen: true,
    });
    expect(answer.status).toBe(429);
    expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
  });
});
