import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../../src/hosts/config.js";
import { startTestServer, type TestServer } from "../support/server.js";

/** GET over HTTPS trusting exactly the given certificate. */
function httpsGet(url: string, ca: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("HTTPS served directly", () => {
  let dir: string;
  let server: TestServer;
  let cert: Buffer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "leadport-tls-"));
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
      "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
    ], { stdio: "ignore" });
    cert = readFileSync(join(dir, "cert.pem"));
    server = await startTestServer({ LEADPORT_TLS_CERT: join(dir, "cert.pem"), LEADPORT_TLS_KEY: join(dir, "key.pem") });
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("listens on https with the configured certificate and sends HSTS", async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await httpsGet(`${server.url}/healthz`, cert);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: "ok" });
    expect(health.headers["strict-transport-security"]).toBe("max-age=31536000");
    const list = await httpsGet(`${server.url}/api/v1/inquiries`, cert, { Authorization: `Bearer ${server.key}` });
    expect(list.status).toBe(200);
  });

  it("is refused by a client that does not trust the certificate", async () => {
    await expect(httpsGet(`${server.url}/healthz`, Buffer.from(""))).rejects.toThrow(/self[- ]signed|certificate/i);
  });

  it("refuses a certificate without its key", () => {
    expect(() => readConfig({ LEADPORT_TLS_CERT: "cert.pem" })).toThrow(ConfigError);
  });
});
