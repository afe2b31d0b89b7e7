import { join } from "node:path";
import { EventSource } from "eventsource";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually } from "../support/smtp-sink.js";
import { queryDatabase } from "../support/test-database.js";

const FIVE_MINUTES = 5 * 60 * 1000;

describe("stream tokens for a browser's EventSource (real server)", () => {
  let server: TestServer;
  let clock: ManualClock;
  const sources: EventSource[] = [];

  beforeEach(async () => {
    clock = new ManualClock(new Date(Math.floor(Date.now() / 1000) * 1000));
    server = await startTestServer({ LEADPORT_OUTBOX_POLL_MS: "100" }, { clock });
  });

  afterEach(async () => {
    await server.stop();
    for (const source of sources.splice(0)) source.close();
  });

  const addStaff = async (name: string, email: string) => {
    const response = await server.request("/api/v1/staff", { method: "POST", json: { name, email } });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; email: string };
  };

  const issue = async (staff: string) => {
    const response = await server.request(`/api/v1/staff/${staff}/notifications/stream-token`, { method: "POST" });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    return (await response.json()) as { token: string; expiresAt: string; url: string };
  };

  /** Opens a stream with a plain GET, as far as its headers, then hangs up. */
  const probe = async (path: string) => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}${path}`, { signal: controller.signal });
    const body = response.status === 200 ? null : await response.json();
    controller.abort();
    return { status: response.status, body, allowOrigin: response.headers.get("access-control-allow-origin") };
  };

  const streamPath = (staffId: string, token: string) => `/api/v1/staff/${staffId}/notifications/stream?token=${encodeURIComponent(token)}`;

  it("opens the stream with EventSource and no headers at all, as a browser tab does", async () => {
    const anna = await addStaff("Anna", "anna@firma.de");
    const issued = await issue("anna@firma.de");
    expect(issued.url).toBe(`${server.url}${streamPath(anna.id, issued.token)}`);
    expect(issued.expiresAt).toBe(new Date(clock.now().getTime() + FIVE_MINUTES).toISOString());

    const source = new EventSource(issued.url);
    sources.push(source);
    const received: Array<{ kind: string; title: string }> = [];
    source.addEventListener("notification", (event) => received.push(JSON.parse(event.data)));
    await new Promise<void>((resolve, reject) => {
      source.onopen = () => resolve();
      source.onerror = (error) => reject(new Error(`stream failed: ${error.message ?? error.code}`));
    });

    // Through the server's own (hand-moved) clock, so the event is due for its dispatcher.
    const created = await server.request("/api/v1/inquiries", { method: "POST", json: { title: "Dachsanierung", contact: { name: "Max Mustermann" } } });
    expect(created.status).toBe(201);
    const [pushed] = await eventually(() => (received.length > 0 ? received : null), "the inquiry notification over the token stream");
    expect(pushed).toMatchObject({ kind: "inquiry_created", title: expect.stringContaining("Dachsanierung") });
    expect((await probe(streamPath(anna.id, issued.token))).allowOrigin).toBe("*");
  });

  it("refuses an expired token, and accepts it until then", async () => {
    const anna = await addStaff("Anna", "anna@firma.de");
    const { token } = await issue(anna.id);
    clock.advance(FIVE_MINUTES - 1000);
    expect((await probe(streamPath(anna.id, token))).status).toBe(200);
    clock.advance(1000);
    const expired = await probe(streamPath(anna.id, token));
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ code: "unauthenticated", detail: expect.stringContaining("expired") });
    const fresh = await issue(anna.id);
    expect((await probe(streamPath(anna.id, fresh.token))).status).toBe(200);
  });

  it("refuses another member's token with 403 and an altered or foreign token with 401", async () => {
    const anna = await addStaff("Anna", "anna@firma.de");
    const ben = await addStaff("Ben", "ben@firma.de");
    const { token } = await issue(anna.id);

    expect((await probe(streamPath(ben.id, token))).status).toBe(403);
    expect((await probe(streamPath("ben@firma.de", token))).status).toBe(403);
    expect((await probe(streamPath("nobody@firma.de", token))).status).toBe(404);
    // Claiming Ben's stream by rewriting the staff id breaks the signature.
    expect((await probe(streamPath(ben.id, token.replace(anna.id, ben.id)))).status).toBe(401);
    const [version, workspace, staff, expiry, signature] = token.split(".");
    const later = `${version}.${workspace}.${staff}.${Number(expiry) + 3600}.${signature}`;
    expect((await probe(streamPath(anna.id, later))).status).toBe(401);
    expect((await probe(streamPath(anna.id, "garbage"))).status).toBe(401);
    expect((await probe(`/api/v1/staff/${anna.id}/notifications/stream?token=a&token=b`)).status).toBe(401);
    expect((await probe(`/api/v1/staff/${anna.id}/notifications/stream`)).status).toBe(401);
  });

  it("never accepts a stream token anywhere but the stream", async () => {
    const anna = await addStaff("Anna", "anna@firma.de");
    const { token } = await issue(anna.id);
    const query = `?token=${encodeURIComponent(token)}`;
    for (const [method, path] of [
      ["GET", `/api/v1/staff/${anna.id}/notifications`],
      ["POST", `/api/v1/staff/${anna.id}/notifications/read-all`],
      ["POST", `/api/v1/staff/${anna.id}/notifications/stream-token`],
      ["GET", "/api/v1/inquiries"],
    ] as const) {
      expect((await server.request(`${path}${query}`, { method, key: null })).status).toBe(401);
      expect((await server.request(path, { method, key: token })).status).toBe(403);
    }
    expect((await server.request(`/api/v1/staff/nobody@firma.de/notifications/stream-token`, { method: "POST" })).status).toBe(404);
    expect((await server.request(`/api/v1/staff/${anna.id}/notifications/stream-token`, { method: "POST", key: null })).status).toBe(401);
  });

  it("signs with a secret generated once and kept in the database, never inside the token", async () => {
    const anna = await addStaff("Anna", "anna@firma.de");
    const first = await issue(anna.id);
    const second = await issue(anna.id);
    const rows = await queryDatabase<{ name: string; secret: string }>(join(server.dataDir, "leadport.db"), "SELECT name, secret FROM signing_keys");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.secret.length).toBeGreaterThanOrEqual(32);
    for (const { token } of [first, second]) expect(token).not.toContain(rows[0]!.secret);
  });
});
