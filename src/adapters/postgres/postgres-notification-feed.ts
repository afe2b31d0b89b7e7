import { createHash, randomUUID } from "node:crypto";
import type pg from "pg";
import type { NotificationFeed } from "../../application/ports/notification-publisher.js";
import type { Notification } from "../../domain/notifications/notification.js";
import { InProcessNotificationFeed } from "../system/in-process-notification-feed.js";
import type { PostgresDatabase } from "./postgres-database.js";
import { postgresNotificationRepository } from "./postgres-notification-repositories.js";

/**
 * NOTIFY carries at most 8000 bytes; a notification whose JSON is larger travels as a reference
 * and the receiving instance reads it from the table.
 */
const MAX_INLINE_BYTES = 7000;
const FIRST_RECONNECT_MS = 500;
const MAX_RECONNECT_MS = 10_000;

/** What one NOTIFY carries: the notification itself, or where to read it. */
type Message =
  | { readonly origin: string; readonly notification: Notification }
  | { readonly origin: string; readonly ref: { readonly workspaceId: string; readonly staffId: string; readonly id: string } };

export interface PostgresNotificationFeedOptions {
  /** A failed NOTIFY or a lost LISTEN connection; the feed carries on (streams catch up by Last-Event-ID). */
  readonly onError?: (error: unknown, context: string) => void;
}

/**
 * Live notifications across instances on one database (docs/adr/0018). A notification is stored
 * by whichever instance's dispatcher handled the event, while the staff member's stream may be
 * open on another. Publishing delivers to this process's streams at once and sends a NOTIFY on
 * the schema's channel; every instance LISTENs and delivers what other instances sent to its own
 * streams. Its own messages it skips, so each stream sees a notification once.
 *
 * What is sent while an instance's LISTEN connection is down does not reach its streams live; the
 * connection is re-established with growing pauses, and a reconnecting client is replayed what it
 * missed (Last-Event-ID).
 */
export class PostgresNotificationFeed implements NotificationFeed {
  private readonly local = new InProcessNotificationFeed();
  /** Tells this process's messages from other instances' on the shared channel. */
  private readonly origin = randomUUID();
  readonly channel: string;
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectMs = FIRST_RECONNECT_MS;
  private listening = false;
  private stopped = false;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly database: PostgresDatabase,
    private readonly options: PostgresNotificationFeedOptions = {},
  ) {
    this.channel = channelFor(database.schema);
  }

  publish(notifications: readonly Notification[]): void {
    this.local.publish(notifications);
    // One after another, so other instances' streams see them in the order they were stored.
    for (const notification of notifications) {
      this.sending = this.sending
        .then(() => this.database.notify(this.channel, payloadOf(this.origin, notification)))
        .catch((error: unknown) => this.report(error, "sending a notification to other instances failed"));
    }
  }

  subscribe(workspaceId: string, staffId: string, listener: (notification: Notification) => void): () => void {
    this.listen();
    return this.local.subscribe(workspaceId, staffId, listener);
  }

  /**
   * Starts receiving other instances' notifications (a server calls it at start, so the first
   * stream misses nothing). Resolves once the LISTEN is in place, or failed (it retries by itself).
   */
  listen(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.listening = true;
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  async close(): Promise<void> {
    this.stopped = true;
    // What was published before closing still reaches the other instances.
    await this.sending;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.connecting;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    let client: pg.Client | null = null;
    try {
      client = await this.database.listener();
      client.on("notification", (message) => {
        if (message.channel === this.channel && message.payload) void this.receive(message.payload);
      });
      client.on("error", (error) => this.lost(client!, error));
      client.on("end", () => this.lost(client!, new Error("the LISTEN connection ended")));
      await client.query(`LISTEN ${this.channel}`);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.reconnectMs = FIRST_RECONNECT_MS;
    } catch (error) {
      await client?.end().catch(() => undefined);
      this.report(error, "listening for other instances' notifications failed; retrying");
      this.scheduleReconnect();
    }
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.report(error, "the connection listening for other instances' notifications was lost; reconnecting");
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || !this.listening || this.reconnectTimer) return;
    const wait = this.reconnectMs;
    this.reconnectMs = Math.min(this.reconnectMs * 2, MAX_RECONNECT_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.listen();
    }, wait);
    this.reconnectTimer.unref();
  }

  private async receive(payload: string): Promise<void> {
    let message: Message;
    try {
      message = JSON.parse(payload) as Message;
    } catch (error) {
      this.report(error, "an unreadable notification message on the channel");
      return;
    }
    if (message.origin === this.origin) return;
    if ("notification" in message) {
      this.local.publish([message.notification]);
      return;
    }
    const { workspaceId, staffId, id } = message.ref;
    try {
      const notification = await this.database.transaction(
        (sql) => postgresNotificationRepository(sql, workspaceId).findById(staffId, id),
        { readOnly: true },
      );
      if (notification) this.local.publish([notification]);
    } catch (error) {
      this.report(error, "reading a notification another instance announced failed");
    }
  }

  private report(error: unknown, context: string): void {
    this.options.onError?.(error, context);
  }
}

/** One channel per schema: instances on other schemas of the same database hear nothing of it. */
export function channelFor(schema: string): string {
  const plain = `leadport_notifications_${schema}`;
  // Channel names are identifiers: at most 63 bytes.
  return plain.length <= 63 ? plain : `leadport_notifications_${createHash("sha256").update(schema).digest("hex").slice(0, 32)}`;
}

function payloadOf(origin: string, notification: Notification): string {
  const inline = JSON.stringify({ origin, notification } satisfies Message);
  if (Buffer.byteLength(inline) <= MAX_INLINE_BYTES) return inline;
  return JSON.stringify({ origin, ref: { workspaceId: notification.workspaceId, staffId: notification.staffId, id: notification.id } } satisfies Message);
}
