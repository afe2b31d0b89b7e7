import type { IdempotencyRecords } from "../../application/ports/idempotency-records.js";
import type { IdempotencyRecord, StoredResponse } from "../../domain/idempotency/idempotency.js";
import type { Sql } from "./postgres-database.js";

interface Row {
  workspace_id: string;
  key: string;
  fingerprint: string;
  created_at: string;
  expires_at: string;
  response: StoredResponse | null;
}

const toRecord = (row: Row): IdempotencyRecord => ({
  workspaceId: row.workspace_id,
  key: row.key,
  fingerprint: row.fingerprint,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  response: row.response,
});

/** The `idempotency_keys` table; `response` is jsonb, read back already parsed. */
export function postgresIdempotencyRecords(sql: Sql): IdempotencyRecords {
  return {
    find: async (workspaceId, key) => {
      const row = await sql.one<Row>(
        "SELECT workspace_id, key, fingerprint, created_at, expires_at, response FROM idempotency_keys WHERE workspace_id = $1 AND key = $2",
        [workspaceId, key],
      );
      return row ? toRecord(row) : null;
    },
    put: async (record) => {
      await sql.exec(
        `INSERT INTO idempotency_keys (workspace_id, key, fingerprint, created_at, expires_at, response) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (workspace_id, key) DO UPDATE SET fingerprint = excluded.fingerprint, created_at = excluded.created_at,
           expires_at = excluded.expires_at, response = excluded.response`,
        [record.workspaceId, record.key, record.fingerprint, record.createdAt, record.expiresAt, record.response ? JSON.stringify(record.response) : null],
      );
    },
    complete: async (workspaceId, key, response) => {
      await sql.exec("UPDATE idempotency_keys SET response = $1 WHERE workspace_id = $2 AND key = $3", [JSON.stringify(response), workspaceId, key]);
    },
    remove: async (workspaceId, key) => {
      await sql.exec("DELETE FROM idempotency_keys WHERE workspace_id = $1 AND key = $2", [workspaceId, key]);
    },
    purgeExpired: (now) => sql.exec("DELETE FROM idempotency_keys WHERE expires_at <= $1", [now]),
  };
}
