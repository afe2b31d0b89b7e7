import { ACCOUNTING, type AccountingRepositories } from "../../../application/accounting/accounting-store.js";
import type { AccountingConnection, AccountingSync } from "../../../domain/accounting/accounting-sync.js";
import { sqliteWorkspaceStore, type SqliteFeatureStorage } from "../feature-storage.js";
import type { SqliteDatabase } from "../sqlite-database.js";

/** The accounting feature's tables, with a migration history of its own (append-only). */
export const accountingSqliteStorage: SqliteFeatureStorage = {
  feature: "accounting",
  migrations: [
    {
      version: 1,
      name: "accounting connections and quote-draft syncs",
      sql: `
CREATE TABLE accounting_connections (
  workspace_id TEXT PRIMARY KEY,
  data TEXT NOT NULL
);
CREATE TABLE accounting_syncs (
  workspace_id TEXT NOT NULL,
  inquiry_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (workspace_id, inquiry_id)
);
CREATE INDEX accounting_syncs_customer ON accounting_syncs (workspace_id, customer_id);
CREATE INDEX accounting_syncs_created ON accounting_syncs (workspace_id, created_at);
`,
    },
  ],
  workspaceStores: [sqliteWorkspaceStore(ACCOUNTING, (db, workspaceId) => sqliteAccountingRepositories(db, workspaceId))],
};

const parse = <T>(row: { data: string } | undefined): T | null => (row ? (JSON.parse(row.data) as T) : null);

function sqliteAccountingRepositories(db: SqliteDatabase, workspaceId: string): AccountingRepositories {
  return {
    findConnection: async () =>
      parse<AccountingConnection>(db.statement("SELECT data FROM accounting_connections WHERE workspace_id = ?").get(workspaceId) as { data: string } | undefined),
    saveConnection: async (connection) => {
      db.statement("INSERT INTO accounting_connections (workspace_id, data) VALUES (?, ?) ON CONFLICT (workspace_id) DO UPDATE SET data = excluded.data").run(
        workspaceId,
        JSON.stringify({ ...connection, workspaceId }),
      );
    },
    findSync: async (inquiryId) =>
      parse<AccountingSync>(db.statement("SELECT data FROM accounting_syncs WHERE workspace_id = ? AND inquiry_id = ?").get(workspaceId, inquiryId) as { data: string } | undefined),
    saveSync: async (sync) => {
      db.statement(
        `INSERT INTO accounting_syncs (workspace_id, inquiry_id, customer_id, status, created_at, data) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (workspace_id, inquiry_id) DO UPDATE SET customer_id = excluded.customer_id, status = excluded.status, data = excluded.data`,
      ).run(workspaceId, sync.inquiryId, sync.customerId, sync.status, sync.createdAt, JSON.stringify({ ...sync, workspaceId }));
    },
    listSyncs: async () =>
      (db.statement("SELECT data FROM accounting_syncs WHERE workspace_id = ? ORDER BY created_at DESC, inquiry_id DESC").all(workspaceId) as Array<{ data: string }>).map(
        (row) => JSON.parse(row.data) as AccountingSync,
      ),
    listSyncsOfCustomer: async (customerId) =>
      (db.statement("SELECT data FROM accounting_syncs WHERE workspace_id = ? AND customer_id = ? ORDER BY created_at DESC").all(workspaceId, customerId) as Array<{ data: string }>).map(
        (row) => JSON.parse(row.data) as AccountingSync,
      ),
  };
}
