import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventSource } from "eventsource";
import { PostgresDatabase } from "../../src/adapters/postgres/postgres-database.js";
import { PostgresNotificationFeed } from "../../src/adapters/postgres/postgres-notification-feed.js";
import { dropSchema, freshSchemaName, POSTGRES_TEST_URL } from "../support/postgres.js";
import { spawnServer, type ServerProcess } from "../support/server-process.js";
import { eventually } from "../support/smtp-sink.js";

/**
 * A TCP proxy between the server and PostgreSQL that the test can cut: every connection through
 * it is dropped and new ones are closed at once, as when the database server restarts or the
 * network between them fails.
 */
async function startCuttableProxy(target: URL): Promise<{ port: number; cut(): void; restore(): void; close(): Promise<void> }> {
  const open = new Set<Socket>();
  let down = false;
  const server: Server = createServer((client) => {
    if (down) return client.destroy();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut: () => {
      down = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    restore: () => {
      down = false;
    },
    close: async () => {
      down = true;
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Answer {
  readonly status: number;
  readonly ms: number;
  readonly retryAfter: string | null;
  readonly inquiryId: string | null;
}

describe("PostgreSQL connection loss under load", () => {
  const schema = freshSchemaName("lp_loss");
  let proxy: Awaited<ReturnType<typeof startCuttableProxy>>;
  let server: ServerProcess;

  beforeAll(async () => {
    proxy = await startCuttableProxy(new URL(POSTGRES_TEST_URL));
    const viaProxy = new URL(POSTGRES_TEST_URL);
    viaProxy.port = String(proxy.port);
    server = await spawnServer({ LEADPORT_DATABASE_URL: viaProxy.href, LEADPORT_DATABASE_SCHEMA: schema, LEADPORT_OUTBOX_POLL_MS: "100" });
  }, 40_000);

  afterAll(async () => {
    // A process that died says why.
    if (server?.exited()) console.log(server.output().slice(-6000));
    await server?.stop();
    await proxy?.close();
    await dropSchema(schema);
  });

  it("answers 503 with Retry-After while the database is gone, recovers by itself, and loses nothing it acknowledged", async () => {
    const answers: Answer[] = [];
    let sending = true;
    let sent = 0;
    const client = async (n: number) => {
      while (sending) {
        const started = performance.now();
        try {
          const response = await server.request("/api/v1/inquiries", {
            method: "POST",
            json: { title: "Rückruf", contact: { name: `Kunde ${n}`, email: `kunde${n}-${sent++}@example.org` } },
            signal: AbortSignal.timeout(15_000),
          });
          const body = (await response.json()) as { id?: string };
          answers.push({ status: response.status, ms: performance.now() - started, retryAfter: response.headers.get("retry-after"), inquiryId: body.id ?? null });
          if (response.status === 503) await new Promise((resolve) => setTimeout(resolve, 50));
        } catch {
          // No answer at all (the process gone, a hang cut by the timeout): recorded as status 0.
          answers.push({ status: 0, ms: performance.now() - started, retryAfter: null, inquiryId: null });
          sending = false;
        }
      }
    };
    /** Stores, cut, refuses, restore, stores again: while the clients keep sending. */
    const underLoad = async () => {
      await eventually(() => answers.filter((answer) => answer.status === 201).length >= 20, "inquiries stored before the cut");
      proxy.cut();
      const cutAt = answers.length;
      // Long enough for the dispatcher's and the notification listener's attempts to fail too.
      const outage = new Promise((resolve) => setTimeout(resolve, 2_500));
      await eventually(() => answers.slice(cutAt).filter((answer) => answer.status === 503).length >= 8, "refusals while the database is gone", 20_000);

      // The other surfaces say the same, each in its own shape.
      const ready = await server.request("/readyz");
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { status: string }).status).toBe("not_ready");
      const vendor = await server.request("/api/v1/lead.php", {
        method: "POST",
        json: { type: "ticket", email: "kunde@example.org", subject: "Rückruf" },
        headers: { "X-API-KEY": server.key! },
      });
      expect(vendor.status).toBe(503);
      expect(vendor.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(await vendor.json()).toMatchObject({ status: "error" });

      await outage;
      proxy.restore();
      const restoredAt = answers.length;
      await eventually(() => answers.slice(restoredAt).filter((answer) => answer.status === 201).length >= 20, "inquiries stored after the database is back", 30_000);
    };
    const clients = Array.from({ length: 4 }, (_, n) => client(n));
    try {
      await underLoad();
    } finally {
      sending = false;
      await Promise.all(clients);
    }

    const refused = answers.filter((answer) => answer.status !== 201);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toMatch(/^\d+$/);
    }
    // A lost server is noticed at once, not after a client's patience ran out.
    expect(Math.max(...answers.map((answer) => answer.ms))).toBeLessThan(8_000);
    expect(server.exited()).toBe(false);
    expect((await server.request("/readyz")).status).toBe(200);

    const acknowledged = answers.flatMap((answer) => (answer.status === 201 && answer.inquiryId ? [answer.inquiryId] : []));
    const database = new PostgresDatabase({ url: POSTGRES_TEST_URL, schema, migrate: false });
    try {
      const stored = new Set(
        (await database.transaction((sql) => sql.rows<{ id: string }>("SELECT id FROM inquiries"))).map((row) => row.id),
      );
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      await database.close();
    }
  }, 60_000);

  it("listens again for other instances' notifications once the database is back", async () => {
    const added = await server.request("/api/v1/staff", { method: "POST", json: { name: "Nach Ausfall", email: "nachher@example.org", emailEnabled: false } });
    expect(added.status).toBe(201);
    const staffId = ((await added.json()) as { id: string }).id;
    const source = new EventSource(`${server.url}/api/v1/staff/${staffId}/notifications/stream`, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, Authorization: `Bearer ${server.key}` } }),
    });
    // Another instance, straight on the database (not through the proxy the server uses).
    const database = new PostgresDatabase({ url: POSTGRES_TEST_URL, schema, migrate: false });
    const otherInstance = new PostgresNotificationFeed(database);
    try {
      const received: string[] = [];
      source.addEventListener("notification", (event) => received.push((JSON.parse(event.data) as { id: string }).id));
      await new Promise<void>((resolve, reject) => {
        source.onopen = () => resolve();
        source.onerror = (error) => reject(new Error(`stream failed: ${error.message ?? error.code}`));
      });
      const workspace = await database.transaction((sql) => sql.one<{ id: string }>("SELECT workspace_id AS id FROM staff WHERE id = $1", [staffId]));
      let sent = 0;
      // The server re-listens with growing pauses; publish until it hears (each notification is new).
      await eventually(async () => {
        // (The server's own dispatcher may still be notifying of the first test's inquiries.)
        if (received.some((id) => id.startsWith("from-elsewhere-"))) return true;
        otherInstance.publish([
          {
            id: `from-elsewhere-${++sent}`,
            workspaceId: workspace!.id,
            staffId,
            eventId: `event-${sent}`,
            kind: "order_received",
            title: "Neue Bestellung",
            body: "Von einer anderen Instanz.",
            link: "/api/v1/orders/elsewhere",
            pageUrl: null,
            readAt: null,
            createdAt: new Date().toISOString(),
          },
        ]);
        await new Promise((resolve) => setTimeout(resolve, 250));
        return false;
      }, "a notification from another instance on the stream", 20_000);
      expect(new Set(received).size).toBe(received.length);
    } finally {
      source.close();
      await otherInstance.close();
      await database.close();
    }
  }, 30_000);
});
