import type { PersonalDataStore, StorageScrubber } from "../../application/ports/personal-data.js";
import type { Notification } from "../../domain/notifications/notification.js";
import type { WebOrder } from "../../domain/order/order.js";
import type { Ticket } from "../../domain/ticket/ticket.js";
import type { PostgresDatabase, Sql } from "./postgres-database.js";
import { POSTGRES_OUTBOX_COLUMNS, toOutboxMessages } from "./postgres-notification-repositories.js";

/*
 * Lists of ids travel as one text[] parameter, so each query has one text whatever the number of
 * ids. "Mentions" are substrings of the stored JSON text, as in SQLite: the ids looked for carry no
 * characters JSON escapes, so `jsonb::text` (which spaces its separators differently) finds them alike.
 */
export function postgresPersonalData(sql: Sql, workspaceId: string): PersonalDataStore {
  const unfiled = <T>(table: "tickets" | "web_orders", emailKey: string) =>
    sql.records<T>(
      `SELECT data FROM ${table} WHERE workspace_id = $1 AND customer_id IS NULL AND lower(trim(data->>'email')) = $2 ORDER BY created_at, id`,
      [workspaceId, emailKey],
    );
  const deleteFrom = async (table: "tickets" | "web_orders" | "notifications" | "outbox", ids: readonly string[]) => {
    if (ids.length > 0) await sql.exec(`DELETE FROM ${table} WHERE workspace_id = $1 AND id = ANY($2::text[])`, [workspaceId, [...ids]]);
  };
  return {
    unfiledTicketsFrom: (emailKey) => unfiled<Ticket>("tickets", emailKey),
    unfiledOrdersFrom: (emailKey) => unfiled<WebOrder>("web_orders", emailKey),
    outboxEventsAbout: async (aggregateIds, mentions) =>
      toOutboxMessages(
        await sql.rows(
          `SELECT ${POSTGRES_OUTBOX_COLUMNS} FROM outbox o WHERE workspace_id = $1 AND (
             aggregate_id = ANY($2::text[])
             OR EXISTS (SELECT 1 FROM unnest($3::text[]) AS m(value) WHERE strpos(o.payload::text, m.value) > 0))
           ORDER BY occurred_at, id`,
          [workspaceId, [...aggregateIds], [...mentions]],
        ),
      ),
    notificationsAbout: (eventIds, recordIds) =>
      sql.records<Notification>(
        `SELECT data FROM notifications n WHERE workspace_id = $1 AND (
           event_id = ANY($2::text[])
           OR EXISTS (SELECT 1 FROM unnest($3::text[]) AS r(value) WHERE strpos(n.data->>'link', r.value) > 0))
         ORDER BY created_at, id`,
        [workspaceId, [...eventIds], [...recordIds]],
      ),
    deliveredEventsBefore: async (cutoff, limit) =>
      toOutboxMessages(
        await sql.rows(
          `SELECT ${POSTGRES_OUTBOX_COLUMNS} FROM outbox WHERE workspace_id = $1 AND status = 'done' AND processed_at < $2 ORDER BY processed_at, id LIMIT $3`,
          [workspaceId, cutoff, limit],
        ),
      ),
    deleteTickets: (ids) => deleteFrom("tickets", ids),
    deleteOrders: (ids) => deleteFrom("web_orders", ids),
    deleteNotifications: (ids) => deleteFrom("notifications", ids),
    deleteOutboxEvents: (ids) => deleteFrom("outbox", ids),
    forgetStoredAnswersMentioning: async (ids) =>
      ids.length === 0
        ? 0
        : sql.exec(
            `DELETE FROM idempotency_keys WHERE workspace_id = $1 AND response IS NOT NULL
               AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS m(value) WHERE strpos(response::text, m.value) > 0)`,
            [workspaceId, [...ids]],
          ),
  };
}

/**
 * PostgreSQL keeps deleted rows as dead tuples, readable in the table and index files, until a
 * VACUUM prunes them; autovacuum gets there eventually, this gets there now. It vacuums every
 * table of the adapter's schema, so the tables of features (surveys, accounting) are covered
 * without a list to keep up to date. What VACUUM cannot reach: bytes in freed page space not yet
 * reused, WAL segments not yet recycled, and backups.
 */
export class PostgresStorageScrubber implements StorageScrubber {
  constructor(private readonly database: PostgresDatabase) {}

  /** False when a VACUUM failed; the next scrub or autovacuum finishes the work. */
  async scrub(): Promise<boolean> {
    try {
      const tables = await this.database.transaction((sql) =>
        sql.rows<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename", [this.database.schema]),
      );
      if (tables.length === 0) return true;
      // The schema name is checked to be plain when the database is opened; table names are quoted.
      const names = tables.map(({ tablename }) => `${this.database.schema}.${quoteIdentifier(tablename)}`);
      await this.database.outsideTransaction(`VACUUM ${names.join(", ")}`);
      return true;
    } catch {
      return false;
    }
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
