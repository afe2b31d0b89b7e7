import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { SIGNATURE_HEADER, verifySignature } from "../../src/adapters/webhooks/webhook-signature.js";
import { runLeadport } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { LOCAL_WEBHOOKS_ENV, startReceiver, waitFor, type ReceivedRequest } from "./support.js";

const ENV = LOCAL_WEBHOOKS_ENV;
const HOUR_MS = 3_600_000;

describe("rotating a webhook's signing secret, with the server running on a test clock", () => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const clock = new ManualClock(new Date());
  const seconds = () => Math.floor(clock.now().getTime() / 1000);
  /** The secret the receiver's operator has configured: it accepts only what that one signed. */
  let receiverKnows = "";
  const signature = (request: ReceivedRequest) => String(request.headers[SIGNATURE_HEADER.toLowerCase()]);
  const cli = (args: string[]) => runLeadport(args, { ...ENV, LEADPORT_DATA_DIR: server.dataDir });

  beforeAll(async () => {
    server = await startTestServer(ENV, { clock });
    receiver = await startReceiver((_index, request) => ({ status: 200, body: request.body }));
  });
  afterAll(async () => {
    await server.stop();
    await receiver.close();
  });

  /** Posts an inquiry and answers the request the receiver got for it, with the delivery as the API lists it. */
  async function deliverOne(webhookId: string, title: string) {
    const posted = await server.request("/api/v1/inquiries", { method: "POST", json: { title, contact: { name: "Rita Rotation", email: "rita@example.org" } } });
    expect(posted.status).toBe(201);
    const request = await waitFor(() => receiver.received.find((r) => r.json.data?.title === title), `the delivery of ${title}`);
    const delivery = await waitFor(async () => {
      const items = (await (await server.request(`/api/v1/webhooks/${webhookId}/deliveries`)).json()).items as Array<{ eventId: string; status: string }>;
      return items.find((item) => item.eventId === request.json.id && item.status !== "pending");
    }, "the delivery to be recorded");
    return { request, delivery, acceptedByReceiver: verifySignature(receiverKnows, signature(request), request.body, seconds()) };
  }

  it("signs with both secrets during the grace period and with the new one only afterwards", async () => {
    const created = await (await server.request("/api/v1/webhooks", { method: "POST", json: { url: receiver.url, events: ["inquiry.created"] } })).json();
    const oldSecret = created.secret as string;
    receiverKnows = oldSecret;

    const rotation = await server.request(`/api/v1/webhooks/${created.id}/rotate-secret`, { method: "POST", json: { graceHours: 1 } });
    expect(rotation.status).toBe(200);
    expect(rotation.headers.get("cache-control")).toBe("no-store");
    const rotated = await rotation.json();
    const newSecret = rotated.secret as string;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated).toMatchObject({ id: created.id, previousSecretExpiresAt: new Date(clock.now().getTime() + HOUR_MS).toISOString() });
    const shown = JSON.stringify(await (await server.request(`/api/v1/webhooks/${created.id}`)).json());
    expect(shown).not.toContain(newSecret);
    expect(shown).not.toContain(oldSecret);

    // During the grace period a receiver that still knows the old secret accepts, and one that knows the new one too.
    const duringGrace = await deliverOne(created.id, "Während der Übergangszeit");
    expect(signature(duringGrace.request)).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(verifySignature(oldSecret, signature(duringGrace.request), duringGrace.request.body, seconds())).toBe(true);
    expect(verifySignature(newSecret, signature(duringGrace.request), duringGrace.request.body, seconds())).toBe(true);
    expect(verifySignature("whsec_someone_else", signature(duringGrace.request), duringGrace.request.body, seconds())).toBe(false);
    expect(duringGrace.acceptedByReceiver).toBe(true);
    expect(duringGrace.delivery.status).toBe("delivered");

    clock.advance(HOUR_MS);
    receiverKnows = newSecret;
    const afterGrace = await deliverOne(created.id, "Nach der Übergangszeit");
    expect(signature(afterGrace.request)).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(newSecret, signature(afterGrace.request), afterGrace.request.body, seconds())).toBe(true);
    expect(verifySignature(oldSecret, signature(afterGrace.request), afterGrace.request.body, seconds())).toBe(false);
    expect(afterGrace.acceptedByReceiver).toBe(true);
    expect(((await (await server.request(`/api/v1/webhooks/${created.id}`)).json()) as { previousSecretExpiresAt: string }).previousSecretExpiresAt).toBe(
      rotated.previousSecretExpiresAt,
    );

    // No body: the default day of grace. The secret is never written to the server's log.
    const byDefault = await (await server.request(`/api/v1/webhooks/${created.id}/rotate-secret`, { method: "POST" })).json();
    expect(byDefault.previousSecretExpiresAt).toBe(new Date(clock.now().getTime() + 24 * HOUR_MS).toISOString());
    expect(server.output.join("\n")).not.toContain(byDefault.secret);
    expect(server.output.join("\n")).not.toContain(newSecret);
    // The receiver serves every test: only one subscription at a time sends it inquiries.
    expect((await server.request(`/api/v1/webhooks/${created.id}`, { method: "DELETE" })).status).toBe(204);
  });

  it("refuses a grace period out of range and an unknown subscription", async () => {
    const created = await (await server.request("/api/v1/webhooks", { method: "POST", json: { url: receiver.url, events: ["order.*"] } })).json();
    for (const graceHours of [169, -1, 1.5, "24"]) {
      const refused = await server.request(`/api/v1/webhooks/${created.id}/rotate-secret`, { method: "POST", json: { graceHours } });
      expect(refused.status, String(graceHours)).toBe(400);
      expect((await refused.json()).errors).toEqual([{ path: "graceHours", message: expect.any(String) }]);
    }
    expect((await server.request("/api/v1/webhooks/nope/rotate-secret", { method: "POST", json: {} })).status).toBe(404);
    expect((await server.request(`/api/v1/webhooks/${created.id}/rotate-secret`, { method: "POST", json: { graceHours: 0, extra: 1 } })).status).toBe(400);
  });

  it("pages deliveries newest first over HTTP and on the command line", async () => {
    const created = await (await server.request("/api/v1/webhooks", { method: "POST", json: { url: receiver.url, events: ["inquiry.created"] } })).json();
    receiverKnows = created.secret;
    for (const title of ["Seite 1", "Seite 2", "Seite 3"]) await deliverOne(created.id, title);
    const all = (await (await server.request(`/api/v1/webhooks/${created.id}/deliveries`)).json()) as { items: Array<{ id: string }>; nextCursor: string | null };
    expect(all.items).toHaveLength(3);
    expect(all.nextCursor).toBeNull();

    const first = await (await server.request(`/api/v1/webhooks/${created.id}/deliveries?limit=2`)).json();
    expect(first.items.map((d: { id: string }) => d.id)).toEqual(all.items.slice(0, 2).map((d) => d.id));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await (await server.request(`/api/v1/webhooks/${created.id}/deliveries?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second).toEqual({ items: [all.items[2]], nextCursor: null });
    const invalid = await server.request(`/api/v1/webhooks/${created.id}/deliveries?cursor=nope`);
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).errors).toEqual([{ path: "cursor", message: expect.any(String) }]);

    const paged = await cli(["webhooks", "deliveries", created.id, "--limit", "2"]);
    expect(paged.code, paged.stderr).toBe(0);
    expect(paged.stdout.split("\n").filter((line) => / delivered /.test(line))).toHaveLength(2);
    const cursor = /More deliveries: --cursor (\S+)/.exec(paged.stdout)![1]!;
    const rest = await cli(["webhooks", "deliveries", created.id, "--limit", "2", "--cursor", cursor]);
    expect(rest.stdout).toContain(all.items[2]!.id);
    expect(rest.stdout).not.toContain("More deliveries");
    const everything = await cli(["webhooks", "deliveries", created.id, "--limit", "1", "--all", "--json"]);
    expect(JSON.parse(everything.stdout)).toEqual({ items: all.items, nextCursor: null });
    expect((await server.request(`/api/v1/webhooks/${created.id}`, { method: "DELETE" })).status).toBe(204);
  });

  it("rotates on the command line, printing the new secret once", async () => {
    const created = await (await server.request("/api/v1/webhooks", { method: "POST", json: { url: receiver.url, events: ["inquiry.created"] } })).json();
    const rotated = await cli(["webhooks", "rotate-secret", created.id, "--grace-hours", "0"]);
    expect(rotated.code, rotated.stderr).toBe(0);
    const secret = /New signing secret \(shown only once\): (whsec_\S+)/.exec(rotated.stdout)![1]!;
    expect(rotated.stdout).toContain("The previous secret no longer signs.");
    receiverKnows = secret;
    const delivered = await deliverOne(created.id, "Neues Geheimnis");
    expect(signature(delivered.request)).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(delivered.acceptedByReceiver).toBe(true);
    expect(verifySignature(created.secret, signature(delivered.request), delivered.request.body, seconds())).toBe(false);

    const withGrace = await cli(["webhooks", "rotate-secret", created.id, "--json"]);
    expect(JSON.parse(withGrace.stdout)).toMatchObject({ id: created.id, secret: expect.stringMatching(/^whsec_/), previousSecretExpiresAt: expect.any(String) });
    const refused = await cli(["webhooks", "rotate-secret", created.id, "--grace-hours", "500"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/graceHours/);
  });
});
