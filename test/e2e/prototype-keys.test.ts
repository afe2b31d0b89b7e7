import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLeadport } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

const PROTOTYPE_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"];

describe("names that are also Object.prototype members", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_FORM_RATE_PER_IP: "off", LEADPORT_FORM_RATE_PER_KEY: "off" });
  });

  afterAll(async () => {
    await server.stop();
  });

  it.each(PROTOTYPE_NAMES)("answers /docs/%s with 404 problem+json", async (name) => {
    const response = await fetch(`${server.url}/docs/${name}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("refuses query parameters named like prototype members by name, like any unknown parameter", async () => {
    const response = await server.request("/api/v1/inquiries?__proto__=x&constructor=y");
    expect(response.status).toBe(400);
    const paths = ((await response.json()).errors as Array<{ path: string }>).map((issue) => issue.path).sort();
    expect(paths).toEqual(["__proto__", "constructor"]);
  });

  it("refuses JSON fields named like prototype members by name", async () => {
    const response = await server.request("/api/v1/inquiries", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"contact":{"name":"Max","email":"max@example.org"},"__proto__":{"x":1},"constructor":1}',
    });
    expect(response.status).toBe(400);
    const paths = ((await response.json()).errors as Array<{ path: string }>).map((issue) => issue.path).sort();
    expect(paths).toEqual(["__proto__", "constructor"]);
  });

  it("keeps multipart form fields named like prototype members as ordinary extra fields", async () => {
    const run = await runLeadport(["keys", "create", "--name", "Website", "--publishable", "--origin", "https://www.example.org"], { LEADPORT_DATA_DIR: server.dataDir });
    expect(run.code, run.stderr).toBe(0);
    const key = run.stdout.trim().split("\n").pop()!;
    const form = new FormData();
    for (const [name, value] of Object.entries({ key, name: "Proto Typ", email: "proto@example.org", message: "Hallo" })) form.append(name, value);
    for (const name of PROTOTYPE_NAMES) form.append(name, `${name}-value`);
    const response = await fetch(`${server.url}/api/v1/forms/inquiry`, { method: "POST", body: form, headers: { Accept: "application/json" } });
    expect(response.status).toBe(201);
    const [inquiry] = (await (await server.request("/api/v1/inquiries?q=proto@example.org")).json()).items;
    for (const name of PROTOTYPE_NAMES) expect(inquiry.notes).toContain(`${name}: ${name}-value`);
  });
});
