import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLeadport } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

const EMAIL = "geheim.kunde@example.org";
const PHONE = "+49 511 987654";
const SITE = "https://www.example-dachdecker.de";

describe("the structured log", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_FORM_RATE_PER_IP: "off", LEADPORT_FORM_RATE_PER_KEY: "off" });
  });

  afterAll(async () => {
    await server.stop();
  });

  const lines = () =>
    server.output.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });

  it("writes one access line per request and never the key, e-mail or phone used", async () => {
    const before = lines().filter((line) => line.msg === "request").length;
    const created = await server.request("/api/v1/inquiries", {
      method: "POST",
      json: { title: "Log", contact: { name: "Kunde", email: EMAIL, phone: PHONE } },
      headers: { "X-Request-Id": "log-test-1" },
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    await server.request(`/api/v1/inquiries/${id}`);
    await server.request(`/api/v1/inquiries?q=${encodeURIComponent(EMAIL)}`);
    await fetch(`${server.url}/api/v1/lead.php?key=${server.key}`, {
      method: "POST",
      body: JSON.stringify({ type: "ticket", email: EMAIL, message: "Hallo" }),
    });
    await server.request("/api/v1/inquiries", { key: "lp_live_wrong-key-for-the-log" });

    const access = lines().filter((line) => line.msg === "request").slice(before);
    expect(access).toHaveLength(5);
    expect(access[0]).toMatchObject({ level: "info", requestId: "log-test-1", method: "POST", route: "/api/v1/inquiries", status: 201 });
    expect(typeof access[0]!.durationMs).toBe("number");
    expect(access[0]!.workspaceId).toMatch(/\w/);
    expect(access[1]).toMatchObject({ route: "/api/v1/inquiries/:id", status: 200 });
    expect(access[4]).toMatchObject({ status: 403 });
    expect(lines().some((line) => line.msg === "request denied" && line.reason === "bad_key")).toBe(true);

    // The first-start banner prints the key once on purpose; the log lines are the JSON ones.
    const log = lines().map((line) => JSON.stringify(line)).join("\n");
    for (const secret of [server.key, EMAIL, PHONE, "lp_live_wrong-key-for-the-log"]) expect(log).not.toContain(secret);
    expect(lines().some((line) => line.msg === "started")).toBe(true);
  });

  it("logs a refused contact-form origin with the origin and the allowed ones", async () => {
    const run = await runLeadport(["keys", "create", "--name", "Website", "--publishable", "--origin", SITE], { LEADPORT_DATA_DIR: server.dataDir });
    const key = run.stdout.trim().split("\n").pop()!;
    const response = await fetch(`${server.url}/api/v1/forms/inquiry?key=${key}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "https://evil.example" },
      body: JSON.stringify({ name: "X", email: EMAIL, message: "Hallo" }),
    });
    expect(response.status).toBe(403);
    const denied = lines().find((line) => line.msg === "request denied" && line.reason === "origin_not_allowed");
    expect(denied).toMatchObject({ origin: "https://evil.example", allowedOrigins: [SITE] });
    expect(lines().map((line) => JSON.stringify(line)).join("\n")).not.toContain(key);
  });
});
