export interface PostgresMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/*
 * Append-only, like the SQLite history: a released migration is never edited. Records keep their
 * full shape as jsonb in `data`; the columns beside it are projections for lookups, filters and
 * ordering. Text columns compared or ordered (ids, ISO timestamps, keys) are COLLATE "C", so the
 * order is the byte order SQLite uses whatever the database's collation.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: "core: workspaces, api keys, catalog, customers, inquiries, intake, staff, notifications, outbox, signing and idempotency keys",
    // The same tables as SQLite's migrations 1–13 in their current shape. Text search is a
    // trigram GIN index (pg_trgm) over the same folded search text SQLite's FTS5 index holds, so
    // "mueller" finds "Müller" on either database; LIKE '%term%' is answered from the index.
    sql: `
      CREATE TABLE workspaces (
        id text COLLATE "C" PRIMARY KEY,
        name text NOT NULL UNIQUE,
        created_at text COLLATE "C" NOT NULL,
        data jsonb NOT NULL
      );

      CREATE TABLE api_keys (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        hash text COLLATE "C" NOT NULL UNIQUE,
        created_at text COLLATE "C" NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX api_keys_by_workspace ON api_keys(workspace_id, created_at);

      CREATE TABLE catalog_entries (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('status', 'source')),
        key text COLLATE "C" NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        data jsonb NOT NULL,
        UNIQUE (workspace_id, kind, key)
      );

      CREATE TABLE customers (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        email_key text COLLATE "C",
        name_key text COLLATE "C",
        search_text text NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX customers_by_email_created ON customers(workspace_id, email_key, created_at) WHERE email_key IS NOT NULL;
      CREATE INDEX customers_by_name_email ON customers(workspace_id, name_key, email_key, created_at) WHERE name_key IS NOT NULL;
      CREATE INDEX customers_listing ON customers(workspace_id, created_at DESC, id DESC);
      CREATE INDEX customers_search ON customers USING gin (search_text gin_trgm_ops);

      CREATE TABLE inquiries (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        customer_id text COLLATE "C" NOT NULL REFERENCES customers(id),
        status_key text COLLATE "C" NOT NULL,
        source_key text COLLATE "C" NOT NULL,
        source text COLLATE "C" NOT NULL,
        assignee text COLLATE "C",
        external_ref text COLLATE "C",
        tag_keys text[] NOT NULL,
        search_text text NOT NULL,
        lead_score double precision NOT NULL DEFAULT 0,
        follow_up_date text COLLATE "C",
        held boolean NOT NULL DEFAULT false,
        created_at text COLLATE "C" NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX inquiries_listing ON inquiries(workspace_id, created_at DESC, id DESC);
      CREATE INDEX inquiries_by_customer ON inquiries(workspace_id, customer_id, created_at DESC);
      CREATE INDEX inquiries_by_status ON inquiries(workspace_id, status_key, created_at DESC);
      CREATE INDEX inquiries_by_assignee ON inquiries(workspace_id, assignee) WHERE assignee IS NOT NULL;
      CREATE UNIQUE INDEX inquiries_external_ref ON inquiries(workspace_id, source, external_ref) WHERE external_ref IS NOT NULL;
      CREATE INDEX inquiries_by_score ON inquiries(workspace_id, lead_score, id);
      CREATE INDEX inquiries_by_follow_up ON inquiries(workspace_id, (follow_up_date IS NULL), follow_up_date, id);
      CREATE INDEX inquiries_by_held ON inquiries(workspace_id, held, created_at, id);
      CREATE INDEX inquiries_by_tag ON inquiries USING gin (tag_keys);
      CREATE INDEX inquiries_search ON inquiries USING gin (search_text gin_trgm_ops);

      CREATE TABLE tickets (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        customer_id text COLLATE "C" REFERENCES customers(id),
        status text COLLATE "C" NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX tickets_listing ON tickets(workspace_id, created_at DESC, id DESC);
      CREATE INDEX tickets_by_status ON tickets(workspace_id, status, created_at DESC);
      CREATE INDEX tickets_by_customer ON tickets(workspace_id, customer_id, created_at DESC) WHERE customer_id IS NOT NULL;

      CREATE TABLE web_orders (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        customer_id text COLLATE "C" REFERENCES customers(id),
        status text COLLATE "C" NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX web_orders_listing ON web_orders(workspace_id, created_at DESC, id DESC);
      CREATE INDEX web_orders_by_status ON web_orders(workspace_id, status, created_at DESC);
      CREATE INDEX web_orders_by_customer ON web_orders(workspace_id, customer_id, created_at DESC) WHERE customer_id IS NOT NULL;

      -- No foreign key to inquiries: deleting an inquiry must not fail because files came with it.
      CREATE TABLE attachments (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        inquiry_id text COLLATE "C" NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX attachments_by_inquiry ON attachments(workspace_id, inquiry_id, created_at);

      CREATE TABLE staff (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        email text COLLATE "C" NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        data jsonb NOT NULL,
        UNIQUE (workspace_id, email)
      );

      CREATE TABLE notifications (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        staff_id text COLLATE "C" NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        event_id text COLLATE "C" NOT NULL,
        read_at text COLLATE "C",
        created_at text COLLATE "C" NOT NULL,
        data jsonb NOT NULL,
        UNIQUE (staff_id, event_id)
      );
      CREATE INDEX notifications_by_staff ON notifications(workspace_id, staff_id, created_at DESC, id DESC);
      CREATE INDEX notifications_unread ON notifications(workspace_id, staff_id) WHERE read_at IS NULL;

      -- Claimed with FOR UPDATE SKIP LOCKED: dispatchers of several instances never take the same message.
      CREATE TABLE outbox (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL,
        type text COLLATE "C" NOT NULL,
        aggregate_id text COLLATE "C" NOT NULL,
        occurred_at text COLLATE "C" NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at text COLLATE "C" NOT NULL,
        last_error text,
        processed_at text COLLATE "C",
        claim_token text COLLATE "C"
      );
      CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
      CREATE INDEX outbox_listing ON outbox(status, occurred_at DESC, id DESC);
      CREATE INDEX outbox_delivered ON outbox(processed_at) WHERE status = 'done';

      CREATE TABLE signing_keys (
        name text COLLATE "C" PRIMARY KEY,
        secret text NOT NULL,
        created_at text COLLATE "C" NOT NULL
      );

      CREATE TABLE idempotency_keys (
        workspace_id text COLLATE "C" NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        key text COLLATE "C" NOT NULL,
        fingerprint text NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        expires_at text COLLATE "C" NOT NULL,
        response jsonb,
        PRIMARY KEY (workspace_id, key)
      );
      CREATE INDEX idempotency_keys_expiry ON idempotency_keys(expires_at);
    `,
  },
  {
    version: 2,
    name: "inquiries by follow-up date, latest first with undated ones last",
    // The ascending index serves "soonest first"; newest-first pages with undated inquiries last
    // need the mixed order as an index of its own, or each page sorts the whole workspace.
    sql: `
      CREATE INDEX inquiries_by_follow_up_desc ON inquiries(workspace_id, (follow_up_date IS NULL), follow_up_date DESC, id DESC);
    `,
  },
];
