import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/hosts/cli.js";
import { SIGNATURE_HEADER, verifySignature } from "../../src/adapters/webhooks/webhook-signature.js";
import { HttpWebhookTransport } from "../../src/adapters/webhooks/http-webhook-transport.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { LOCAL_WEBHOOKS_ENV, startReceiver, waitFor } from "./support.js";
import { databaseEnvFor } from "../support/test-database.js";

const ALLOW_LOCAL = LOCAL_WEBHOOKS_ENV;

async function cli(server: TestServer, args: string[], env: NodeJS.ProcessEnv = ALLOW_LOCAL) {
  const out: string[] = [];
  const err: string[] = [];
  const database = join(server.dataDir, "leadport.db");
  const code = await runCli(["--db", database, ...args], { out: (t) => out.push(t), err: (t) => err.push(t), env: { ...env, ...databaseEnvFor(database) } });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

describe("a webhook added on the command line, with the server running", () => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    server = await startTestServer(ALLOW_LOCAL);
    receiver = await startReceiver(() => ({ status: 200, body: "ok" }));
  });
  afterAll(async () => {
    await server.stop();
    await receiver.close();
  });

  it("receives the signed event of an inquiry posted to the API, and the delivery is visible", async () => {
    const added = await cli(server, ["webhooks", "add", receiver.url, "--events", "inquiry.created"]);
    expect(added.code, added.stderr).toBe(0);
    const id = /Added webhook (\S+)/.exec(added.stdout)![1]!;
    const secret = /Signing secret \(shown only once\): (whsec_\S+)/.exec(added.stdout)![1]!;

    const posted = await server.request("/api/v1/inquiries", { method: "POST", json: { title: "Dachsanierung", contact: { name: "Max Mustermann", email: "max@example.org" } } });
    expect(posted.status).toBe(201);
    const inquiry = await posted.json();

    const request = await waitFor(() => receiver.received.find((r) => r.json.type === "inquiry.created"), "the webhook");
    const signature = String(request.headers[SIGNATURE_HEADER.toLowerCase()]);
    expect(verifySignature(secret, signature, request.body, Math.floor(Date.now() / 1000))).toBe(true);
    expect(request.json.data).toEqual(await (await server.request(`/api/v1/inquiries/${inquiry.id}`)).json());
    expect(request.headers["leadport-event-id"]).toBe(request.json.id);

    const deliveries = await waitFor(async () => {
      const listed = await (await server.request(`/api/v1/webhooks/${id}/deliveries`)).json();
      return listed.items[0]?.status === "delivered" ? listed.items : null;
    }, "the delivery to be recorded");
    expect(deliveries[0]).toMatchObject({ eventId: request.json.id, eventType: "inquiry.created", recordId: inquiry.id, attempts: 1, lastStatusCode: 200, lastResponse: "ok", nextAttemptAt: null });

    const listedOnCli = await cli(server, ["webhooks", "deliveries", id]);
    expect(listedOnCli.stdout).toMatch(/delivered\s+inquiry\.created\s+attempts 1\s+HTTP 200/);
    const pinged = await cli(server, ["webhooks", "test", id]);
    expect(pinged.code).toBe(0);
    expect(pinged.stdout).toBe(`${receiver.url} answered 200: ok\n`);
    expect(receiver.received.at(-1)!.json.type).toBe("webhook.ping");
    // The secret is never shown again, nor written to the server's log.
    expect((await cli(server, ["webhooks", "list"])).stdout).not.toContain(secret);
    expect(JSON.stringify(await (await server.request(`/api/v1/webhooks/${id}`)).json())).not.toContain(secret);
    expect(server.output.join("\n")).not.toContain(secret);
  });

  it("logs a failed delivery without the secret or the token in the target URL", async () => {
    const failing = await startReceiver(() => ({ status: 500, body: "broken" }));
    try {
      const created = await server.request("/api/v1/webhooks", { method: "POST", json: { url: `${failing.url}?token=receiver-secret`, events: ["customer.created"] } });
      const webhook = await created.json();
      await server.request("/api/v1/inquiries", { method: "POST", json: { title: "Log", contact: { name: "Lotte Log", email: "lotte@example.org" } } });
      const line = await waitFor(() => server.output.find((entry) => entry.includes("webhook delivery failed")), "the log line");
      expect(JSON.parse(line)).toMatchObject({ subscriptionId: webhook.id, eventType: "customer.created", error: "HTTP 500", final: false });
      expect(server.output.join("\n")).not.toContain(webhook.secret);
      expect(server.output.join("\n")).not.toContain("receiver-secret");
      expect((await server.request(`/api/v1/webhooks/${webhook.id}`, { method: "DELETE" })).status).toBe(204);
    } finally {
      await failing.close();
    }
  });

  it("is managed over the API: create shows the secret once, patch, redeliver, delete; another workspace sees nothing", async () => {
    const created = await server.request("/api/v1/webhooks", { method: "POST", json: { url: receiver.url, events: ["order.*", "inquiry.won"], description: "ERP" } });
    expect(created.status).toBe(201);
    const webhook = await created.json();
    expect(webhook.secret).toMatch(/^whsec_/);
    expect(created.headers.get("location")).toBe(`/api/v1/webhooks/${webhook.id}`);

    const patched = await server.request(`/api/v1/webhooks/${webhook.id}`, { method: "PATCH", json: { events: ["inquiry.*"], fields: ["status"], active: false } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ events: ["inquiry.*"], fields: ["status"], active: false });
    expect((await server.request(`/api/v1/webhooks/${webhook.id}`, { method: "PATCH", json: { events: ["no pattern"] } })).status).toBe(400);

    expect((await cli(server, ["workspaces", "create", "other"])).code).toBe(0);
    const keyOfOther = await cli(server, ["keys", "create", "--name", "other", "--workspace", "other"]);
    const other = /lp_live_[\w-]+/.exec(keyOfOther.stdout + keyOfOther.stderr)![0];
    expect((await server.request(`/api/v1/webhooks/${webhook.id}`, { key: other })).status).toBe(404);
    expect((await server.request(`/api/v1/webhooks/${webhook.id}`, { key: other, method: "PATCH", json: { active: true } })).status).toBe(404);
    expect((await server.request(`/api/v1/webhooks/${webhook.id}/deliveries`, { key: other })).status).toBe(404);
    expect((await (await server.request("/api/v1/webhooks", { key: other })).json()).items).toEqual([]);

    const first = (await (await server.request("/api/v1/webhooks")).json()).items[0];
    const [delivery] = (await (await server.request(`/api/v1/webhooks/${first.id}/deliveries?status=delivered`)).json()).items;
    const before = receiver.received.length;
    const again = await server.request(`/api/v1/webhooks/${first.id}/deliveries/${delivery.id}/redeliver`, { method: "POST" });
    expect(again.status).toBe(202);
    await waitFor(() => receiver.received.length > before, "the redelivery");
    expect(receiver.received.at(-1)!.json.id).toBe(delivery.eventId);
    expect((await server.request(`/api/v1/webhooks/${first.id}/deliveries/nope/redeliver`, { method: "POST" })).status).toBe(404);
    expect((await server.request(`/api/v1/webhooks/${first.id}/deliveries?status=lost`)).status).toBe(400);

    expect((await server.request(`/api/v1/webhooks/${webhook.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await server.request(`/api/v1/webhooks/${webhook.id}`)).status).toBe(404);
    const removed = await cli(server, ["webhooks", "remove", first.id]);
    expect(removed.stdout).toBe(`Removed webhook ${first.id}.\n`);
  });
});

describe("webhook targets inside the server's network (SSRF)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.stop());

  it.each([
    ["http://127.0.0.1:8080/hooks", /loopback/],
    ["https://localhost/hooks", /loopback/],
    ["https://169.254.169.254/latest/meta-data", /metadata/],
    ["https://[::1]/hooks", /loopback/],
    ["https://10.0.0.5/hooks", /private/],
    ["http://crm.example.org/hooks", /https/],
    ["https://user:pass@crm.example.org/hooks", /user name or password/],
  ])("refuses %s with 400 naming the url, and stores nothing", async (url, reason) => {
    const refused = await server.request("/api/v1/webhooks", { method: "POST", json: { url, events: ["*"] } });
    expect(refused.status).toBe(400);
    const problem = await refused.json();
    expect(problem.code).toBe("validation_failed");
    expect(problem.errors).toEqual([{ path: "url", message: expect.stringMatching(reason) }]);
    expect((await (await server.request("/api/v1/webhooks")).json()).items).toEqual([]);
  });

  it("refuses on the command line too", async () => {
    const refused = await cli(server, ["webhooks", "add", "http://127.0.0.1:9/x", "--events", "*"], {});
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/url/);
  });

  it("refuses at connect time a name that resolves to a loopback address, sending nothing", async () => {
    const receiver = await startReceiver();
    try {
      const transport = new HttpWebhookTransport({ targets: { allowPrivate: false }, timeoutMs: 2000, maxResponseBytes: 1024, userAgent: "test" });
      const outcome = await transport.send({
        url: receiver.url.replace("127.0.0.1", "localhost"),
        body: "{}",
        eventId: "e1",
        eventType: "inquiry.created",
        deliveryId: "d1",
        secrets: ["whsec_test"],
        sentAt: new Date(),
      });
      expect(outcome).toEqual({ kind: "failed", error: expect.stringMatching(/^refused: localhost resolves to .*loopback/) });
      expect(receiver.received).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  it("does not follow redirects and reads only the start of a large answer", async () => {
    const receiver = await startReceiver((index) => (index === 0 ? { status: 302, headers: { Location: "http://169.254.169.254/" } } : { status: 200, body: "x".repeat(100_000) }));
    try {
      const transport = new HttpWebhookTransport({ targets: { allowPrivate: true }, timeoutMs: 2000, maxResponseBytes: 1024, userAgent: "test" });
      const request = { url: receiver.url, body: "{}", eventId: "e1", eventType: "x.y", deliveryId: "d1", secrets: ["s"], sentAt: new Date() };
      expect(await transport.send(request)).toMatchObject({ kind: "answered", statusCode: 302 });
      const large = await transport.send(request);
      expect(large.kind === "answered" && large.body.length).toBe(1024);
      expect(receiver.received).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });
});
