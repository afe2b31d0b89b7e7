import type { NotificationRepository, StaffRepository } from "../../application/ports/notification-repositories.js";
import type { OutboxMessage, OutboxQueue, OutboxStatus } from "../../application/ports/outbox-queue.js";
import type { Notification } from "../../domain/notifications/notification.js";
import type { StaffMember } from "../../domain/staff/staff.js";
import type { SqliteDatabase } from "./sqlite-database.js";

/*
 * These run on the unit of work's connection inside its open transaction; they never begin or
 * commit on their own.
 */

interface DataRow {
  data: string;
}

const parseRows = <T>(rows: unknown[]): T[] => (rows as DataRow[]).map((row) => JSON.parse(row.data) as T);
const parseRow = <T>(row: unknown): T | null => (row ? (JSON.parse((row as DataRow).data) as T) : null);

export function sqliteStaffRepository(database: SqliteDatabase, workspaceId: string): StaffRepository {
  const sql = (text: string) => database.statement(text);
  return {
    findById: async (id) => parseRow<StaffMember>(sql("SELECT data FROM staff WHERE workspace_id = ? AND id = ?").get(workspaceId, id)),
    findByEmail: async (email) =>
      parseRow<StaffMember>(sql("SELECT data FROM staff WHERE workspace_id = ? AND email = ?").get(workspaceId, email.trim().toLowerCase())),
    insert: async (member) => {
      sql("INSERT INTO staff (id, workspace_id, email, created_at, data) VALUES (?, ?, ?, ?, ?)").run(
        member.id,
        workspaceId,
        member.email,
        member.createdAt,
        JSON.stringify(member),
      );
    },
    update: async (member) => {
      sql("UPDATE staff SET email = ?, data = ? WHERE workspace_id = ? AND id = ?").run(member.email, JSON.stringify(member), workspaceId, member.id);
    },
    delete: async (id) => {
      sql("DELETE FROM staff WHERE workspace_id = ? AND id = ?").run(workspaceId, id);
    },
    list: async () => parseRows<StaffMember>(sql("SELECT data FROM staff WHERE workspace_id = ? ORDER BY created_at, id").all(workspaceId)),
  };
}

export function sqliteNotificationRepository(database: SqliteDatabase, workspaceId: string): NotificationRepository {
  const sql = (text: string) => database.statement(text);
  const setRead = (row: unknown, at: string) => {
    const notification = parseRow<Notification>(row);
    if (!notification || notification.readAt !== null) return false;
    sql("UPDATE notifications SET read_at = ?, data = ? WHERE id = ?").run(at, JSON.stringify({ ...notification, readAt: at }), notification.id);
    return true;
  };
  return {
    insertOnce: async (notification) => {
      const result = sql(
        `INSERT INTO notifications (id, workspace_id, staff_id, event_id, read_at, created_at, data)
         SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM staff WHERE workspace_id = ? AND id = ?)
         ON CONFLICT (staff_id, event_id) DO NOTHING`,
      ).run(
        notification.id,
        workspaceId,
        notification.staffId,
        notification.eventId,
        notification.readAt,
        notification.createdAt,
        JSON.stringify(notification),
        workspaceId,
        notification.staffId,
      );
      return result.changes === 1;
    },
    findById: async (staffId, id) =>
      parseRow<Notification>(sql("SELECT data FROM notifications WHERE workspace_id = ? AND staff_id = ? AND id = ?").get(workspaceId, staffId, id)),
    list: async (staffId, query) =>
      parseRows<Notification>(
        sql(
          `SELECT data FROM notifications WHERE workspace_id = ? AND staff_id = ? AND (? = 0 OR read_at IS NULL)
           ORDER BY created_at DESC, id DESC LIMIT ?`,
        ).all(workspaceId, staffId, query.unreadOnly ? 1 : 0, query.limit),
      ),
    countUnread: async (staffId) =>
      (sql("SELECT count(*) AS n FROM notifications WHERE workspace_id = ? AND staff_id = ? AND read_at IS NULL").get(workspaceId, staffId) as {
        n: number;
      }).n,
    markRead: async (staffId, id, at) => {
      setRead(sql("SELECT data FROM notifications WHERE workspace_id = ? AND staff_id = ? AND id = ?").get(workspaceId, staffId, id), at);
    },
    markAllRead: async (staffId, at) =>
      sql("SELECT data FROM notifications WHERE workspace_id = ? AND staff_id = ? AND read_at IS NULL")
        .all(workspaceId, staffId)
        .filter((row) => setRead(row, at)).length,
  };
}

export interface OutboxRow {
  id: string;
  workspace_id: string;
  type: string;
  aggregate_id: string;
  occurred_at: string;
  payload: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  processed_at: string | null;
}

export const OUTBOX_COLUMNS = "id, workspace_id, type, aggregate_id, occurred_at, payload, status, attempts, next_attempt_at, last_error, processed_at";

export function toOutboxMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    type: row.type,
    aggregateId: row.aggregate_id,
    occurredAt: row.occurred_at,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    processedAt: row.processed_at,
  };
}

const byDueOrder = (a: OutboxMessage, b: OutboxMessage) =>
  a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id);

export function sqliteOutboxQueue(database: SqliteDatabase): OutboxQueue {
  const sql = (text: string) => database.statement(text);
  return {
    claimDue: async ({ now, leaseUntil, limit, token }) => {
      // The surrounding BEGIN IMMEDIATE holds the write lock, so two processes never claim the same row.
      const rows = sql(
        `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, claim_token = ?
         WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, occurred_at, id LIMIT ?)
         RETURNING ${OUTBOX_COLUMNS}`,
      ).all(leaseUntil, token, now, limit) as OutboxRow[];
      return rows.map(toOutboxMessage).sort(byDueOrder);
    },
    completeAll: async (ids, token, at) => {
      const complete = sql("UPDATE outbox SET status = 'done', processed_at = ?, claim_token = NULL WHERE id = ? AND claim_token = ? AND status = 'pending'");
      return ids.reduce((done, id) => done + complete.run(at, id, token).changes, 0);
    },
    release: async (ids, token, now) => {
      const release = sql(
        "UPDATE outbox SET attempts = attempts - 1, next_attempt_at = ?, claim_token = NULL WHERE id = ? AND claim_token = ? AND status = 'pending'",
      );
      return ids.reduce((released, id) => released + release.run(now, id, token).changes, 0);
    },
    recordFailure: async (id, token, outcome) =>
      sql(
        `UPDATE outbox SET status = ?, next_attempt_at = ?, last_error = ?, claim_token = NULL,
           processed_at = CASE WHEN ? = 'failed' THEN ? ELSE NULL END
         WHERE id = ? AND claim_token = ? AND status = 'pending'`,
      ).run(outcome.status, outcome.nextAttemptAt, outcome.lastError, outcome.status, outcome.nextAttemptAt, id, token).changes === 1,
    findById: async (id) => {
      const row = sql(`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE id = ?`).get(id) as OutboxRow | undefined;
      return row ? toOutboxMessage(row) : null;
    },
    list: async ({ status, limit }) =>
      (
        sql(`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE (? IS NULL OR status = ?) ORDER BY occurred_at DESC, id DESC LIMIT ?`).all(
          status ?? null,
          status ?? null,
          limit,
        ) as OutboxRow[]
      ).map(toOutboxMessage),
    requeueFailed: async (id, now) =>
      sql("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, processed_at = NULL WHERE id = ? AND status = 'failed'").run(now, id)
        .changes === 1,
    requeueAllFailed: async (now) =>
      sql("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, processed_at = NULL WHERE status = 'failed'").run(now).changes,
    purgeDelivered: async (before, limit, keep) =>
      // INDEXED BY: left alone, the planner walks every delivered message in listing order to find the old ones.
      sql(
        `DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox INDEXED BY outbox_delivered
           WHERE status = 'done' AND processed_at < ? AND type NOT IN (SELECT value FROM json_each(?)) LIMIT ?)`,
      ).run(before, JSON.stringify(keep), limit).changes,
  };
}
