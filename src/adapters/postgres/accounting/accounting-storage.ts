import { ACCOUNTING, type AccountingRepositories } from "../../../application/accounting/accounting-store.js";
import type { AccountingConnection, AccountingSync } from "../../../domain/accounting/accounting-sync.js";
import { postgresWorkspaceStore, type PostgresFeatureStorage } from "../feature-storage.js";
import type { Sql } from "../postgres-database.js";

/**
 * The accounting feature's tables, with a migration history of its own (append-only): the same
 * tables as SQLite's in their current shape, and like SQLite's without foreign keys to the core.
 */
export const accountingPostgresStorage: PostgresFeatureStorage = {
  feature: "accounting",
  migrations: [
    {
      version: 1,
      name: "accounting connections and quote-draft syncs",
      sql: `
        CREATE TABLE accounting_connections (
          workspace_id text COLLATE "C" PRIMARY KEY,
          data jsonb NOT NULL
        );
        CREATE TABLE accounting_syncs (
          workspace_id text COLLATE "C" NOT NULL,
          inquiry_id text COLLATE "C" NOT NULL,
          customer_id text COLLATE "C" NOT NULL,
          status text COLLATE "C" NOT NULL,
          created_at text COLLATE "C" NOT NULL,
          data jsonb NOT NULL,
          PRIMARY KEY (workspace_id, inquiry_id)
        );
        CREATE INDEX accounting_syncs_customer ON accounting_syncs (workspace_id, customer_id);
        CREATE INDEX accounting_syncs_created ON accounting_syncs (workspace_id, created_at);
      `,
    },
  ],
  workspaceStores: [postgresWorkspaceStore(ACCOUNTING, postgresAccountingRepositories)],
};

/*
 * Both saves are one INSERT … ON CONFLICT: two instances saving the same inquiry's sync (or the
 * workspace's connection) at once leave one row, the later write's, and neither fails.
 */
function postgresAccountingRepositories(sql: Sql, workspaceId: string): AccountingRepositories {
  return {
    findConnection: () => sql.record<AccountingConnection>("SELECT data FROM accounting_connections WHERE workspace_id = $1", [workspaceId]),
    saveConnection: async (connection) => {
      await sql.exec("INSERT INTO accounting_connections (workspace_id, data) VALUES ($1, $2) ON CONFLICT (workspace_id) DO UPDATE SET data = excluded.data", [
        workspaceId,
        JSON.stringify({ ...connection, workspaceId }),
      ]);
    },
    findSync: (inquiryId) =>
      sql.record<AccountingSync>("SELECT data FROM accounting_syncs WHERE workspace_id = $1 AND inquiry_id = $2", [workspaceId, inquiryId]),
    saveSync: async (sync) => {
      await sql.exec(
        `INSERT INTO accounting_syncs (workspace_id, inquiry_id, customer_id, status, created_at, data) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (workspace_id, inquiry_id) DO UPDATE SET customer_id = excluded.customer_id, status = excluded.status, data = excluded.data`,
        [workspaceId, sync.inquiryId, sync.customerId, sync.status, sync.createdAt, JSON.stringify({ ...sync, workspaceId })],
      );
    },
    listSyncs: () => sql.records<AccountingSync>("SELECT data FROM accounting_syncs WHERE workspace_id = $1 ORDER BY created_at DESC, inquiry_id DESC", [workspaceId]),
    listSyncsOfCustomer: (customerId) =>
      sql.records<AccountingSync>("SELECT data FROM accounting_syncs WHERE workspace_id = $1 AND customer_id = $2 ORDER BY created_at DESC, inquiry_id DESC", [workspaceId, customerId]),
  };
}
