import type { NotificationRepository, StaffRepository } from "../../application/ports/notification-repositories.js";
import type { OutboxMessage, OutboxQueue, OutboxStatus } from "../../application/ports/outbox-queue.js";
import type { Notification } from "../../domain/notifications/notification.js";
import type { StaffMember } from "../../domain/staff/staff.js";
import type { Sql } from "./postgres-database.js";

/*
 * These run on the connection of the transaction that builds them; they never begin or commit on
 * their own. Records go in as JSON text (the driver would turn a JS array into a PostgreSQL array)
 * and come back from `jsonb` already parsed.
 */

export function postgresStaffRepository(sql: Sql, workspaceId: string): StaffRepository {
  return {
    findById: (id) => sql.record<StaffMember>("SELECT data FROM staff WHERE workspace_id = $1 AND id = $2", [workspaceId, id]),
    findByEmail: (email) =>
      sql.record<StaffMember>("SELECT data FROM staff WHERE workspace_id = $1 AND email = $2", [workspaceId, email.trim().toLowerCase()]),
    insert: async (member) => {
      await sql.exec("INSERT INTO staff (id, workspace_id, email, created_at, data) VALUES ($1, $2, $3, $4, $5)", [
        member.id,
        workspaceId,
        member.email,
        member.createdAt,
        JSON.stringify(member),
      ]);
    },
    update: async (member) => {
      await sql.exec("UPDATE staff SET email = $1, data = $2 WHERE workspace_id = $3 AND id = $4", [member.email, JSON.stringify(member), workspaceId, member.id]);
    },
    // The member's notifications go with them (ON DELETE CASCADE).
    delete: async (id) => {
      await sql.exec("DELETE FROM staff WHERE workspace_id = $1 AND id = $2", [workspaceId, id]);
    },
    list: () => sql.records<StaffMember>("SELECT data FROM staff WHERE workspace_id = $1 ORDER BY created_at, id", [workspaceId]),
  };
}

export function postgresNotificationRepository(sql: Sql, workspaceId: string): NotificationRepository {
  // Column and record change together, so `read_at IS NULL` and `data.readAt === null` never disagree.
  const markUnreadAsRead = (at: string, condition: string, params: readonly unknown[]) =>
    sql.exec(
      `UPDATE notifications SET read_at = $1, data = jsonb_set(data, '{readAt}', to_jsonb($1::text))
       WHERE workspace_id = $2 AND staff_id = $3 AND read_at IS NULL ${condition}`,
      [at, workspaceId, ...params],
    );
  return {
    // The staff check keeps a notification out of a workspace its member does not belong to.
    insertOnce: async (notification) =>
      (await sql.exec(
        `INSERT INTO notifications (id, workspace_id, staff_id, event_id, read_at, created_at, data)
         SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::jsonb WHERE EXISTS (SELECT 1 FROM staff WHERE workspace_id = $2 AND id = $3)
         ON CONFLICT (staff_id, event_id) DO NOTHING`,
        [
          notification.id,
          workspaceId,
          notification.staffId,
          notification.eventId,
          notification.readAt,
          notification.createdAt,
          JSON.stringify(notification),
        ],
      )) === 1,
    findById: async (staffId, id) =>
      sql.record<Notification>("SELECT data FROM notifications WHERE workspace_id = $1 AND staff_id = $2 AND id = $3", [workspaceId, staffId, id]),
    list: async (staffId, query) =>
      sql.records<Notification>(
        `SELECT data FROM notifications WHERE workspace_id = $1 AND staff_id = $2 AND (NOT $3::boolean OR read_at IS NULL)
         ORDER BY created_at DESC, id DESC LIMIT $4`,
        [workspaceId, staffId, query.unreadOnly, query.limit],
      ),
    countUnread: async (staffId) => {
      const row = await sql.one<{ n: string }>("SELECT count(*) AS n FROM notifications WHERE workspace_id = $1 AND staff_id = $2 AND read_at IS NULL", [
        workspaceId,
        staffId,
      ]);
      return Number(row?.n ?? 0);
    },
    markRead: async (staffId, id, at) => {
      await markUnreadAsRead(at, "AND id = $4", [staffId, id]);
    },
    markAllRead: (staffId, at) => markUnreadAsRead(at, "", [staffId]),
  };
}

interface OutboxRow {
  id: string;
  workspace_id: string;
  type: string;
  aggregate_id: string;
  occurred_at: string;
  payload: Record<string, unknown>;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  processed_at: string | null;
}

export const POSTGRES_OUTBOX_COLUMNS =
  "id, workspace_id, type, aggregate_id, occurred_at, payload, status, attempts, next_attempt_at, last_error, processed_at";

export function toOutboxMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    type: row.type,
    aggregateId: row.aggregate_id,
    occurredAt: row.occurred_at,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    processedAt: row.processed_at,
  };
}

export const toOutboxMessages = (rows: OutboxRow[]): OutboxMessage[] => rows.map(toOutboxMessage);

// RETURNING gives rows in no particular order; the same order the SQLite queue hands them out in.
const byDueOrder = (a: OutboxMessage, b: OutboxMessage) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id);

export function postgresOutboxQueue(sql: Sql): OutboxQueue {
  return {
    claimDue: async ({ now, leaseUntil, limit, token }) => {
      // SKIP LOCKED: a dispatcher of another instance claiming at the same moment takes other
      // rows instead of waiting for these. A row it claimed and committed meanwhile is re-checked
      // by the lock and no longer due (its next_attempt_at is that claim's lease).
      const rows = await sql.rows<OutboxRow>(
        `WITH due AS MATERIALIZED (
           SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $3
           ORDER BY next_attempt_at, occurred_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
         UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, claim_token = $2
         WHERE id IN (SELECT id FROM due)
         RETURNING ${POSTGRES_OUTBOX_COLUMNS}`,
        [leaseUntil, token, now, limit],
      );
      return toOutboxMessages(rows).sort(byDueOrder);
    },
    completeAll: (ids, token, at) =>
      sql.exec("UPDATE outbox SET status = 'done', processed_at = $1, claim_token = NULL WHERE id = ANY($2::text[]) AND claim_token = $3 AND status = 'pending'", [
        at,
        [...ids],
        token,
      ]),
    release: (ids, token, now) =>
      sql.exec(
        "UPDATE outbox SET attempts = attempts - 1, next_attempt_at = $1, claim_token = NULL WHERE id = ANY($2::text[]) AND claim_token = $3 AND status = 'pending'",
        [now, [...ids], token],
      ),
    recordFailure: async (id, token, outcome) =>
      (await sql.exec(
        `UPDATE outbox SET status = $1, next_attempt_at = $2, last_error = $3, claim_token = NULL,
           processed_at = CASE WHEN $1 = 'failed' THEN $2 ELSE NULL END
         WHERE id = $4 AND claim_token = $5 AND status = 'pending'`,
        [outcome.status, outcome.nextAttemptAt, outcome.lastError, id, token],
      )) === 1,
    findById: async (id) => {
      const row = await sql.one<OutboxRow>(`SELECT ${POSTGRES_OUTBOX_COLUMNS} FROM outbox WHERE id = $1`, [id]);
      return row ? toOutboxMessage(row) : null;
    },
    list: async ({ status, limit }) =>
      toOutboxMessages(
        await sql.rows<OutboxRow>(
          `SELECT ${POSTGRES_OUTBOX_COLUMNS} FROM outbox WHERE ($1::text IS NULL OR status = $1) ORDER BY occurred_at DESC, id DESC LIMIT $2`,
          [status ?? null, limit],
        ),
      ),
    requeueFailed: async (id, now) =>
      (await sql.exec("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1, processed_at = NULL WHERE id = $2 AND status = 'failed'", [
        now,
        id,
      ])) === 1,
    requeueAllFailed: (now) =>
      sql.exec("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1, processed_at = NULL WHERE status = 'failed'", [now]),
    // SKIP LOCKED: two instances purging at once delete different rows instead of queueing behind each other.
    purgeDelivered: (before, limit, keep) =>
      sql.exec(
        `DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox WHERE status = 'done' AND processed_at < $1 AND type <> ALL($2::text[]) LIMIT $3 FOR UPDATE SKIP LOCKED)`,
        [before, [...keep], limit],
      ),
  };
}
