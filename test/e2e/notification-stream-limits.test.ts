import { afterEach, describe, expect, it } from "vitest";
import { runLeadport } from "../support/cli.js";
import { addOutboxEvent } from "../support/outbox.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually } from "../support/smtp-sink.js";

interface OpenedStream {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly code: string | undefined;
  /** Everything received so far. */
  text(): string;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  isEnded(): boolean;
  close(): void;
}

const order = (id: string) => ({ order: { id, email: "kunde@example.org", subject: null, totalCents: 100, customerId: null } });

describe("limits on open notification streams", () => {
  let server: TestServer;
  const opened: OpenedStream[] = [];

  afterEach(async () => {
    for (const stream of opened.splice(0)) stream.close();
    await server.stop();
  });

  async function start(env: Record<string, string>) {
    server = await startTestServer({ LEADPORT_OUTBOX_POLL_MS: "100", ...env });
  }

  const addStaff = async (email: string): Promise<string> => {
    const response = await server.request("/api/v1/staff", { method: "POST", json: { name: email, email } });
    expect(response.status).toBe(201);
    return (await response.json()).id as string;
  };

  /** Opens a stream with a plain GET and reads it in the background until the server ends it. */
  const open = async (path: string, headers: Record<string, string> = { Authorization: `Bearer ${server.key}` }): Promise<OpenedStream> => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}${path}`, { headers, signal: controller.signal });
    let received = "";
    let ended: Promise<void> = Promise.resolve();
    let code: string | undefined;
    let finished = false;
    if (response.status === 200 && response.body) {
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      ended = (async () => {
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) {
              finished = true;
              return;
            }
            received += value;
          }
        } catch {
          // aborted by the test itself
        }
      })();
      await eventually(() => received.includes(": connected"), "the stream's greeting");
    } else {
      code = ((await response.json()) as { code: string }).code;
    }
    const stream: OpenedStream = {
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      code,
      text: () => received,
      ended,
      isEnded: () => finished,
      close: () => controller.abort(),
    };
    opened.push(stream);
    return stream;
  };

  const streamOf = (staffId: string) => `/api/v1/staff/${staffId}/notifications/stream`;

  it("allows a limited number of streams per staff member and answers 429 with Retry-After beyond", async () => {
    await start({ LEADPORT_SSE_MAX_PER_STAFF: "2" });
    const anna = await addStaff("anna@firma.de");
    const ben = await addStaff("ben@firma.de");
    const first = await open(streamOf(anna));
    expect(first.status).toBe(200);
    expect((await open(streamOf(anna))).status).toBe(200);
    const refused = await open(streamOf(anna));
    expect(refused.status).toBe(429);
    expect(refused.code).toBe("too_many_streams");
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await open(streamOf(ben))).status).toBe(200);

    first.close();
    await eventually(async () => {
      const again = await open(streamOf(anna));
      return again.status === 200 ? again : null;
    }, "a free slot after a stream closed");
  });

  it("limits streams per API key; streams opened with a stream token count for the member and in total only", async () => {
    await start({ LEADPORT_SSE_MAX_PER_KEY: "2" });
    const anna = await addStaff("anna@firma.de");
    const ben = await addStaff("ben@firma.de");
    expect((await open(streamOf(anna))).status).toBe(200);
    expect((await open(streamOf(ben))).status).toBe(200);
    expect((await open(streamOf(ben))).status).toBe(429);
    const token = (await (await server.request(`/api/v1/staff/${ben}/notifications/stream-token`, { method: "POST" })).json()).token as string;
    expect((await open(`${streamOf(ben)}?token=${encodeURIComponent(token)}`, {})).status).toBe(200);
  });

  it("limits the streams of the whole server", async () => {
    await start({ LEADPORT_SSE_MAX_TOTAL: "2" });
    const members = [await addStaff("a@firma.de"), await addStaff("b@firma.de"), await addStaff("c@firma.de")];
    expect((await open(streamOf(members[0]!))).status).toBe(200);
    expect((await open(streamOf(members[1]!))).status).toBe(200);
    expect((await open(streamOf(members[2]!))).status).toBe(429);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("ends a stream after its maximum lifetime; reconnecting with Last-Event-ID replays only what came after", async () => {
    await start({ LEADPORT_SSE_MAX_LIFETIME_MS: "1500" });
    const anna = await addStaff("anna@firma.de");
    const stream = await open(streamOf(anna));
    await addOutboxEvent(server.dataDir, "default", "OrderReceived", "o1", order("o1"));
    const firstId = await eventually(() => /id: (\S+)/.exec(stream.text())?.[1], "the first notification");
    const started = Date.now();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(3000);

    await addOutboxEvent(server.dataDir, "default", "OrderReceived", "o2", order("o2"));
    await eventually(async () => (await (await server.request(`/api/v1/staff/${anna}/notifications`)).json()).items.length === 2, "the second notification");
    const resumed = await open(streamOf(anna), { Authorization: `Bearer ${server.key}`, "Last-Event-ID": firstId });
    const replayed = await eventually(() => (resumed.text().includes("event: notification") ? resumed.text() : null), "the replay");
    expect(replayed.match(/^id: /gm)).toHaveLength(1);
    expect(replayed).not.toContain(`id: ${firstId}`);
  });

  it("ends a stream within seconds when its API key is revoked, even from the CLI", async () => {
    await start({ LEADPORT_SSE_RECHECK_MS: "200" });
    const anna = await addStaff("anna@firma.de");
    const created = await runLeadport(["keys", "create", "--name", "Dashboard"], { LEADPORT_DATA_DIR: server.dataDir });
    expect(created.code, created.stderr).toBe(0);
    const keyId = /key (\S+) "/.exec(created.stdout)?.[1];
    const key = created.stdout.trim().split("\n").pop()!;
    const stream = await open(streamOf(anna), { Authorization: `Bearer ${key}` });
    const untouched = await open(streamOf(anna));
    expect(stream.status).toBe(200);

    const revoked = await runLeadport(["keys", "revoke", keyId!], { LEADPORT_DATA_DIR: server.dataDir });
    expect(revoked.code, revoked.stderr).toBe(0);
    const started = Date.now();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(3000);
    // The stream of the key still valid stays open.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(untouched.isEnded()).toBe(false);
  });

  it("ends a stream opened with a stream token within seconds when its staff member is removed", async () => {
    await start({ LEADPORT_SSE_RECHECK_MS: "200" });
    const anna = await addStaff("anna@firma.de");
    const token = (await (await server.request(`/api/v1/staff/${anna}/notifications/stream-token`, { method: "POST" })).json()).token as string;
    const stream = await open(`${streamOf(anna)}?token=${encodeURIComponent(token)}`, {});
    expect(stream.status).toBe(200);
    expect((await server.request(`/api/v1/staff/${anna}`, { method: "DELETE" })).status).toBe(204);
    const started = Date.now();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
