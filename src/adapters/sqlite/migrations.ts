import type Database from "better-sqlite3";
import { foldSpelling } from "../../domain/shared/text.js";

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/*
 * Append-only: a released migration is never edited, a change is a new version. Records keep
 * their full shape as JSON in `data`; the columns beside it are projections for lookups,
 * filters and ordering, each backed by an index where a query needs one.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "core: workspaces, api keys, catalog, customers, inquiries, outbox",
    sql: `
      CREATE TABLE workspaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL
      );

      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX api_keys_by_workspace ON api_keys(workspace_id, created_at);

      CREATE TABLE catalog_entries (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('status', 'source')),
        key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (workspace_id, kind, key)
      );

      CREATE TABLE customers (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        email_key TEXT,
        name_key TEXT,
        search_text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX customers_by_email ON customers(workspace_id, email_key) WHERE email_key IS NOT NULL;
      CREATE INDEX customers_by_name ON customers(workspace_id, name_key) WHERE name_key IS NOT NULL;
      CREATE INDEX customers_listing ON customers(workspace_id, created_at DESC, id DESC);

      CREATE TABLE inquiries (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        status_key TEXT NOT NULL,
        source_key TEXT NOT NULL,
        source TEXT NOT NULL,
        assignee TEXT,
        external_ref TEXT,
        tag_keys TEXT NOT NULL,
        search_text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX inquiries_listing ON inquiries(workspace_id, created_at DESC, id DESC);
      CREATE INDEX inquiries_by_customer ON inquiries(workspace_id, customer_id, created_at DESC);
      CREATE INDEX inquiries_by_status ON inquiries(workspace_id, status_key, created_at DESC);
      CREATE INDEX inquiries_by_assignee ON inquiries(workspace_id, assignee) WHERE assignee IS NOT NULL;
      CREATE UNIQUE INDEX inquiries_external_ref ON inquiries(workspace_id, source, external_ref) WHERE external_ref IS NOT NULL;

      CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        type TEXT NOT NULL,
        aggregate_id TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        processed_at TEXT
      );
      CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
    `,
  },
  {
    version: 2,
    name: "intake: tickets, web orders, attachments",
    sql: `
      CREATE TABLE tickets (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        customer_id TEXT REFERENCES customers(id),
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX tickets_listing ON tickets(workspace_id, created_at DESC, id DESC);
      CREATE INDEX tickets_by_status ON tickets(workspace_id, status, created_at DESC);
      CREATE INDEX tickets_by_customer ON tickets(workspace_id, customer_id, created_at DESC) WHERE customer_id IS NOT NULL;

      CREATE TABLE web_orders (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        customer_id TEXT REFERENCES customers(id),
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX web_orders_listing ON web_orders(workspace_id, created_at DESC, id DESC);
      CREATE INDEX web_orders_by_status ON web_orders(workspace_id, status, created_at DESC);
      CREATE INDEX web_orders_by_customer ON web_orders(workspace_id, customer_id, created_at DESC) WHERE customer_id IS NOT NULL;

      -- No foreign key to inquiries: deleting an inquiry must not fail because files came with it.
      CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        inquiry_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX attachments_by_inquiry ON attachments(workspace_id, inquiry_id, created_at);
    `,
  },
  {
    version: 3,
    name: "notifications: staff, in-app notifications, outbox claims",
    sql: `
      ALTER TABLE outbox ADD COLUMN claim_token TEXT;
      CREATE INDEX outbox_listing ON outbox(status, occurred_at DESC, id DESC);

      CREATE TABLE staff (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        email TEXT NOT NULL,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (workspace_id, email)
      );

      CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        staff_id TEXT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        event_id TEXT NOT NULL,
        read_at TEXT,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (staff_id, event_id)
      );
      CREATE INDEX notifications_by_staff ON notifications(workspace_id, staff_id, created_at DESC, id DESC);
      CREATE INDEX notifications_unread ON notifications(workspace_id, staff_id) WHERE read_at IS NULL;
    `,
  },
  {
    version: 4,
    name: "customer matching indexes that also order",
    // Matching looks customers up by key ordered by created_at. Without created_at in the key
    // index the planner walked customers_listing instead, a scan of the whole workspace per
    // lookup: an import of n rows took O(n²). These indexes serve the filter and the order.
    sql: `
      CREATE INDEX customers_by_email_created ON customers(workspace_id, email_key, created_at) WHERE email_key IS NOT NULL;
      CREATE INDEX customers_by_name_created ON customers(workspace_id, name_key, created_at) WHERE name_key IS NOT NULL;
      DROP INDEX customers_by_email;
      DROP INDEX customers_by_name;
    `,
  },
  {
    version: 6,
    name: "signing keys for short-lived tokens",
    sql: `
      CREATE TABLE signing_keys (
        name TEXT PRIMARY KEY,
        secret TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: "inquiries by lead score and follow-up date",
    // Projection columns for the list's sort orders and filters, filled from the stored records.
    // The follow-up index leads with "IS NULL" as the listing orders: undated inquiries last.
    sql: `
      ALTER TABLE inquiries ADD COLUMN lead_score REAL NOT NULL DEFAULT 0;
      ALTER TABLE inquiries ADD COLUMN follow_up_date TEXT;
      UPDATE inquiries SET lead_score = coalesce(json_extract(data, '$.leadScore'), 0), follow_up_date = json_extract(data, '$.followUpDate');
      CREATE INDEX inquiries_by_score ON inquiries(workspace_id, lead_score, id);
      CREATE INDEX inquiries_by_follow_up ON inquiries(workspace_id, follow_up_date IS NULL, follow_up_date, id);
    `,
  },
  {
    version: 8,
    name: "idempotency keys: first answers kept for retries",
    sql: `
      CREATE TABLE idempotency_keys (
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        response TEXT,
        PRIMARY KEY (workspace_id, key)
      );
      CREATE INDEX idempotency_keys_expiry ON idempotency_keys(expires_at);
    `,
  },
  {
    version: 9,
    name: "inquiries held for review as suspected spam",
    // Records written before hold reasons existed are not held.
    sql: `
      UPDATE inquiries SET data = json_set(data, '$.holdReasons', json('[]')) WHERE json_extract(data, '$.holdReasons') IS NULL;
      ALTER TABLE inquiries ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX inquiries_by_held ON inquiries(workspace_id, held, created_at, id);
    `,
  },
  {
    version: 10,
    name: "outbox: delivered messages found by age, for the purge after the retention period",
    // Partial: a new (pending) message does not touch it, only its completion does.
    sql: `
      CREATE INDEX outbox_delivered ON outbox(processed_at) WHERE status = 'done';
    `,
  },
  {
    version: 11,
    name: "text search through FTS5 trigram indexes, umlauts folded as in customer matching",
    // The search texts are refolded (ü → ue, accents dropped) by the function migrate() registers;
    // the trigram index answers substring searches of three characters or more. The index is an
    // external-content table keyed by rowid: the triggers keep it in step with every write.
    sql: `
      UPDATE inquiries SET search_text = leadport_fold_spelling(search_text);
      CREATE VIRTUAL TABLE inquiries_search USING fts5(search_text, content='inquiries', tokenize='trigram');
      INSERT INTO inquiries_search(inquiries_search) VALUES ('rebuild');
      CREATE TRIGGER inquiries_search_insert AFTER INSERT ON inquiries BEGIN
        INSERT INTO inquiries_search(rowid, search_text) VALUES (new.rowid, new.search_text);
      END;
      CREATE TRIGGER inquiries_search_delete AFTER DELETE ON inquiries BEGIN
        INSERT INTO inquiries_search(inquiries_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      END;
      CREATE TRIGGER inquiries_search_update AFTER UPDATE OF search_text ON inquiries BEGIN
        INSERT INTO inquiries_search(inquiries_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
        INSERT INTO inquiries_search(rowid, search_text) VALUES (new.rowid, new.search_text);
      END;
      UPDATE customers SET search_text = leadport_fold_spelling(search_text);
      CREATE VIRTUAL TABLE customers_search USING fts5(search_text, content='customers', tokenize='trigram');
      INSERT INTO customers_search(customers_search) VALUES ('rebuild');
      CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN
        INSERT INTO customers_search(rowid, search_text) VALUES (new.rowid, new.search_text);
      END;
      CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
        INSERT INTO customers_search(customers_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      END;
      CREATE TRIGGER customers_search_update AFTER UPDATE OF search_text ON customers BEGIN
        INSERT INTO customers_search(customers_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
        INSERT INTO customers_search(rowid, search_text) VALUES (new.rowid, new.search_text);
      END;
    `,
  },
  {
    version: 12,
    name: "customers by name and e-mail, so matching by name reads only the namesakes it could match",
    sql: `
      CREATE INDEX customers_by_name_email ON customers(workspace_id, name_key, email_key, created_at) WHERE name_key IS NOT NULL;
    `,
  },
  {
    version: 13,
    name: "search indexes filled in batches: new rows wait above a watermark and are searched directly until indexed",
    // Each FTS5 transaction writes a new index segment: indexing a row in its own small commit
    // wrote six times its size again to the WAL. Rows above `indexed_up_to` are not in the index
    // yet; the writer indexes them a few hundred at a time (search-index.ts) and searches compare
    // them directly. Rows at or below the mark are kept in step by the triggers as before.
    sql: `
      CREATE TABLE search_index_progress (
        table_name TEXT PRIMARY KEY,
        indexed_up_to INTEGER NOT NULL
      );
      INSERT INTO search_index_progress (table_name, indexed_up_to) VALUES ('inquiries', coalesce((SELECT max(rowid) FROM inquiries), 0));
      DROP TRIGGER inquiries_search_insert;
      DROP TRIGGER inquiries_search_delete;
      DROP TRIGGER inquiries_search_update;
      CREATE TRIGGER inquiries_search_insert AFTER INSERT ON inquiries WHEN new.rowid <= (SELECT indexed_up_to FROM search_index_progress WHERE table_name = 'inquiries') BEGIN
        INSERT INTO inquiries_search(rowid, search_text) VALUES (new.rowid, new.search_text);
      END;
      CREATE TRIGGER inquiries_search_delete AFTER DELETE ON inquiries WHEN old.rowid <= (SELECT indexed_up_to FROM search_index_progress WHERE table_name = 'inquiries') BEGIN
        INSERT INTO inquiries_search(inquiries_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      END;
      CREATE TRIGGER inquiries_search_update AFTER UPDATE OF search_text ON inquiries WHEN old.rowid <= (SELECT indexed_up_to FROM search_index_progress WHERE table_name = 'inquiries') BEGIN
        INSERT INTO inquiries_search(inquiries_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
        INSERT INTO inquiries_search(rowid, search_text) VALUES (new.rowid, new.search_text);
      END;
      INSERT INTO search_index_progress (table_name, indexed_up_to) VALUES ('customers', coalesce((SELECT max(rowid) FROM customers), 0));
      DROP TRIGGER customers_search_insert;
      DROP TRIGGER customers_search_delete;
      DROP TRIGGER customers_search_update;
      CREATE TRIGGER customers_search_insert AFTER INSERT ON customers WHEN new.rowid <= (SELECT indexed_up_to FROM search_index_progress WHERE table_name = 'customers') BEGIN
        INSERT INTO customers_search(rowid, search_text) VALUES (new.rowid, new.search_text);
      END;
      CREATE TRIGGER customers_search_delete AFTER DELETE ON customers WHEN old.rowid <= (SELECT indexed_up_to FROM search_index_progress WHERE table_name = 'customers') BEGIN
        INSERT INTO customers_search(customers_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      END;
      CREATE TRIGGER customers_search_update AFTER UPDATE OF search_text ON customers WHEN old.rowid <= (SELECT indexed_up_to FROM search_index_progress WHERE table_name = 'customers') BEGIN
        INSERT INTO customers_search(customers_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
        INSERT INTO customers_search(rowid, search_text) VALUES (new.rowid, new.search_text);
      END;
    `,
  },
];

/** Applies pending migrations, each in its own transaction; returns the versions applied. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  // Migration 11 refolds stored search texts with the same function the application writes them with.
  db.function("leadport_fold_spelling", { deterministic: true }, (text: unknown) => (typeof text === "string" ? foldSpelling(text) : text));
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(
    (db.prepare("SELECT version FROM schema_migrations").all() as Array<{ version: number }>).map((row) => row.version),
  );
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    }).immediate();
    done.push(migration.version);
  }
  return done;
}

export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}
