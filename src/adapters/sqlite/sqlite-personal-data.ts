import type { PersonalDataStore, StorageScrubber } from "../../application/ports/personal-data.js";
import type { Notification } from "../../domain/notifications/notification.js";
import type { WebOrder } from "../../domain/order/order.js";
import type { Ticket } from "../../domain/ticket/ticket.js";
import type { SqliteDatabase } from "./sqlite-database.js";
import { OUTBOX_COLUMNS, toOutboxMessage, type OutboxRow } from "./sqlite-notification-repositories.js";

interface DataRow {
  data: string;
}

const parseAll = <T>(rows: unknown[]): T[] => (rows as DataRow[]).map((row) => JSON.parse(row.data) as T);

/*
 * Lists of ids travel as one JSON array parameter (json_each), so each query is one cached
 * statement whatever the number of ids.
 */
export function sqlitePersonalData(database: SqliteDatabase, workspaceId: string): PersonalDataStore {
  const sql = (text: string) => database.statement(text);
  const ids = (values: readonly string[]) => JSON.stringify(values);
  const unfiled = <T>(table: "tickets" | "web_orders", emailKey: string) =>
    parseAll<T>(
      sql(`SELECT data FROM ${table} WHERE workspace_id = ? AND customer_id IS NULL AND lower(trim(json_extract(data, '$.email'))) = ? ORDER BY created_at, id`).all(
        workspaceId,
        emailKey,
      ),
    );
  const deleteFrom = (table: "tickets" | "web_orders" | "notifications" | "outbox", values: readonly string[]) => {
    if (values.length > 0) sql(`DELETE FROM ${table} WHERE workspace_id = ? AND id IN (SELECT value FROM json_each(?))`).run(workspaceId, ids(values));
  };
  return {
    unfiledTicketsFrom: async (emailKey) => unfiled<Ticket>("tickets", emailKey),
    unfiledOrdersFrom: async (emailKey) => unfiled<WebOrder>("web_orders", emailKey),
    outboxEventsAbout: async (aggregateIds, mentions) =>
      (
        sql(
          `SELECT ${OUTBOX_COLUMNS} FROM outbox o WHERE workspace_id = ? AND (
             aggregate_id IN (SELECT value FROM json_each(?))
             OR EXISTS (SELECT 1 FROM json_each(?) m WHERE instr(o.payload, m.value) > 0))
           ORDER BY occurred_at, id`,
        ).all(workspaceId, ids(aggregateIds), ids(mentions)) as OutboxRow[]
      ).map(toOutboxMessage),
    notificationsAbout: async (eventIds, recordIds) =>
      parseAll<Notification>(
        sql(
          `SELECT data FROM notifications n WHERE workspace_id = ? AND (
             event_id IN (SELECT value FROM json_each(?))
             OR EXISTS (SELECT 1 FROM json_each(?) r WHERE instr(json_extract(n.data, '$.link'), r.value) > 0))
           ORDER BY created_at, id`,
        ).all(workspaceId, ids(eventIds), ids(recordIds)),
      ),
    deliveredEventsBefore: async (cutoff, limit) =>
      (
        sql(`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE workspace_id = ? AND status = 'done' AND processed_at < ? ORDER BY processed_at, id LIMIT ?`).all(
          workspaceId,
          cutoff,
          limit,
        ) as OutboxRow[]
      ).map(toOutboxMessage),
    deleteTickets: async (values) => deleteFrom("tickets", values),
    deleteOrders: async (values) => deleteFrom("web_orders", values),
    deleteNotifications: async (values) => deleteFrom("notifications", values),
    deleteOutboxEvents: async (values) => deleteFrom("outbox", values),
    forgetStoredAnswersMentioning: async (values) =>
      values.length === 0
        ? 0
        : sql(
            `DELETE FROM idempotency_keys WHERE workspace_id = ? AND response IS NOT NULL
               AND EXISTS (SELECT 1 FROM json_each(?) m WHERE instr(response, m.value) > 0)`,
          ).run(workspaceId, ids(values)).changes,
  };
}

/**
 * With secure_delete on, SQLite overwrites deleted content in the database file; the old page
 * images still sit in the WAL until a checkpoint copies them back and TRUNCATE empties the file.
 */
export class SqliteStorageScrubber implements StorageScrubber {
  constructor(
    private readonly database: SqliteDatabase,
    private readonly connection: { exclusive<T>(work: () => T): Promise<T> },
  ) {}

  /**
   * A reader in another process (the CLI beside the server) can keep the checkpoint from reaching
   * the end of the WAL; a few short retries usually outlast it, else the next checkpoint finishes.
   */
  async scrub(attempts = 5, pauseMs = 200): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const [result] = (await this.connection.exclusive(() => this.database.db.pragma("wal_checkpoint(TRUNCATE)"))) as Array<{ busy: number }>;
      if (!result || result.busy === 0) return true;
      if (attempt >= attempts) return false;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
