import type { IdempotencyRecords } from "../../application/ports/idempotency-records.js";
import type { IdempotencyRecord } from "../../domain/idempotency/idempotency.js";
import type { SqliteDatabase } from "./sqlite-database.js";

interface Row {
  workspace_id: string;
  key: string;
  fingerprint: string;
  created_at: string;
  expires_at: string;
  response: string | null;
}

const toRecord = (row: Row): IdempotencyRecord => ({
  workspaceId: row.workspace_id,
  key: row.key,
  fingerprint: row.fingerprint,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  response: row.response === null ? null : JSON.parse(row.response),
});

/** The `idempotency_keys` table (migration 7). */
export function sqliteIdempotencyRecords(database: SqliteDatabase): IdempotencyRecords {
  return {
    find: async (workspaceId, key) => {
      const row = database.statement("SELECT * FROM idempotency_keys WHERE workspace_id = ? AND key = ?").get(workspaceId, key) as Row | undefined;
      return row ? toRecord(row) : null;
    },
    put: async (record) => {
      database
        .statement(
          `INSERT INTO idempotency_keys (workspace_id, key, fingerprint, created_at, expires_at, response) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (workspace_id, key) DO UPDATE SET fingerprint = excluded.fingerprint, created_at = excluded.created_at,
             expires_at = excluded.expires_at, response = excluded.response`,
        )
        .run(record.workspaceId, record.key, record.fingerprint, record.createdAt, record.expiresAt, record.response ? JSON.stringify(record.response) : null);
    },
    complete: async (workspaceId, key, response) => {
      database.statement("UPDATE idempotency_keys SET response = ? WHERE workspace_id = ? AND key = ?").run(JSON.stringify(response), workspaceId, key);
    },
    remove: async (workspaceId, key) => {
      database.statement("DELETE FROM idempotency_keys WHERE workspace_id = ? AND key = ?").run(workspaceId, key);
    },
    purgeExpired: async (now) => database.statement("DELETE FROM idempotency_keys WHERE expires_at <= ?").run(now).changes,
  };
}
