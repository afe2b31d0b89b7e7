import type { Page, PageRequest } from "../../application/ports/pagination.js";
import type {
  ApiKeyLookup,
  ApiKeyRepository,
  CatalogRepository,
  CustomerRepository,
  InquiryQuery,
  InquiryRepository,
  InquirySort,
  InquirySortKey,
  Outbox,
  WorkspaceRepository,
} from "../../application/ports/repositories.js";
import {
  type SystemReader,
  type SystemTransaction,
  type UnitOfWork,
  type WorkspaceReader,
  type WorkspaceTransaction,
} from "../../application/ports/unit-of-work.js";
import type { ApiKey } from "../../domain/access/api-key.js";
import type { CatalogEntry } from "../../domain/catalog/catalog.js";
import type { Customer } from "../../domain/customer/customer.js";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import type { Result } from "../../domain/shared/result.js";
import { catalogKey } from "../../domain/shared/text.js";
import type { Workspace } from "../../domain/workspace/workspace.js";
import { positionAfter } from "../../application/inquiries/inquiry-query.js";
import { Mutex } from "../shared/mutex.js";
import { customerSearchText, inquirySearchText, searchNeedle } from "../shared/search-text.js";
import type { SqliteDatabase } from "./sqlite-database.js";
import { GroupCommit } from "./group-commit.js";
import { catchUpSearchIndexes, searchCondition, type SearchedTable } from "./search-index.js";
import { sqliteAttachments, sqliteStatusRecords } from "./sqlite-intake-repositories.js";
import type { OrderStatus, WebOrder } from "../../domain/order/order.js";
import type { Ticket, TicketStatus } from "../../domain/ticket/ticket.js";
import { sqliteNotificationRepository, sqliteOutboxQueue, sqliteStaffRepository } from "./sqlite-notification-repositories.js";
import { sqliteSigningKeys } from "./sqlite-signing-keys.js";
import { sqlitePersonalData } from "./sqlite-personal-data.js";
import { sqliteIdempotencyRecords } from "./sqlite-idempotency-records.js";
import { SqliteFeatureStores, type SqliteFeatureStorage } from "./feature-storage.js";

interface DataRow {
  data: string;
}

export interface SqliteLockOptions {
  /** How long a write waits, in all, for a lock another process holds; then StorageBusyError. */
  readonly lockWaitMs?: number;
  /** After each transaction, leave the lock free this long at most (as long as it was held); 0: never. */
  readonly lockShareMs?: number;
  /** Most writes one group commit carries (docs/adr/0011). */
  readonly maxBatch?: number;
}

export interface SqliteUnitOfWorkOptions extends SqliteLockOptions {
  /** The repositories of the features beside the core ones, offered through `tx.use(store)`. */
  readonly features?: readonly SqliteFeatureStorage[];
}

/** How long a write waits for another process's lock, in all, unless configured otherwise. */
export const DEFAULT_LOCK_WAIT_MS = 2000;
const DEFAULT_MAX_BATCH = 200;

const parse = <T>(row: DataRow | undefined): T | null => (row ? (JSON.parse(row.data) as T) : null);
const parseAll = <T>(rows: DataRow[]): T[] => rows.map((row) => JSON.parse(row.data) as T);

/**
 * SQLite transactions. Writes go through a group commit on the writing connection (docs/adr/0011):
 * one at a time, each in its own savepoint, sharing one BEGIN IMMEDIATE … COMMIT and one sync of
 * the WAL with the writes that queued beside it. BEGIN IMMEDIATE takes the write lock up front, so a
 * second process (the CLI beside the server) waits instead of failing mid-way; while another process
 * holds it, the group commit retries on real timers and rejects with StorageBusyError after
 * `lockWaitMs` since the call, before anything was written.
 *
 * Queries run on a second, read-only connection (docs/adr/0006): in WAL mode it reads the last
 * commit without waiting for the write lock, and its own mutex keeps its read transactions apart.
 */
export class SqliteUnitOfWork implements UnitOfWork {
  private readonly writes: GroupCommit;
  private readonly readMutex = new Mutex();
  private savepoints = 0;

  private readonly features: SqliteFeatureStores;

  constructor(
    private readonly database: SqliteDatabase,
    options: SqliteUnitOfWorkOptions = {},
  ) {
    this.features = new SqliteFeatureStores(options.features ?? []);
    this.writes = new GroupCommit(database, {
      lockWaitMs: options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
      lockShareMs: options.lockShareMs ?? 0,
      maxBatch: options.maxBatch ?? DEFAULT_MAX_BATCH,
      beforeCommit: () => catchUpSearchIndexes(database),
    });
  }

  run<T, E>(workspaceId: string, work: (tx: WorkspaceTransaction) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.writes.run(() => work(this.workspaceTransaction(this.database, workspaceId)));
  }

  runSystem<T, E>(work: (tx: SystemTransaction) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.writes.run(() => work(this.systemTransaction(this.database)));
  }

  read<T, E>(workspaceId: string, work: (tx: WorkspaceReader) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.readTransaction((db) => work(this.workspaceTransaction(db, workspaceId)));
  }

  readSystem<T, E>(work: (tx: SystemReader) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.readTransaction((db) => work(this.systemTransaction(db)));
  }

  /** Runs work on the connection between transactions (e.g. a WAL checkpoint, which an open transaction would block). */
  exclusive<T>(work: () => T): Promise<T> {
    return this.writes.exclusive(work);
  }

  /**
   * A deferred transaction on the reading connection: one snapshot for all queries of the work.
   * A private in-memory database has no second connection; its reads queue with the writes.
   */
  private readTransaction<T, E>(work: (db: SqliteDatabase) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    const reader = this.database.reader;
    if (!reader) return this.writes.run(() => work(this.database));
    return this.readMutex.run(async () => {
      reader.db.exec("BEGIN");
      try {
        return await work(reader);
      } finally {
        if (reader.db.inTransaction) reader.db.exec("COMMIT");
      }
    });
  }

  private systemTransaction(database: SqliteDatabase): SystemTransaction {
    const sql = (text: string) => database.statement(text);
    const workspaces: WorkspaceRepository = {
      findById: async (id) => parse<Workspace>(sql("SELECT data FROM workspaces WHERE id = ?").get(id) as DataRow | undefined),
      findByName: async (name) =>
        parse<Workspace>(sql("SELECT data FROM workspaces WHERE name = ?").get(name) as DataRow | undefined),
      insert: async (workspace) => {
        sql("INSERT INTO workspaces (id, name, created_at, data) VALUES (?, ?, ?, ?)").run(
          workspace.id,
          workspace.name,
          workspace.createdAt,
          JSON.stringify(workspace),
        );
      },
      list: async () => parseAll<Workspace>(sql("SELECT data FROM workspaces ORDER BY created_at, id").all() as DataRow[]),
      update: async (workspace) => {
        sql("UPDATE workspaces SET data = ? WHERE id = ?").run(JSON.stringify(workspace), workspace.id);
      },
    };
    const patchKey = (id: string, patch: Partial<ApiKey>) => {
      const key = parse<ApiKey>(sql("SELECT data FROM api_keys WHERE id = ?").get(id) as DataRow | undefined);
      if (key) sql("UPDATE api_keys SET data = ? WHERE id = ?").run(JSON.stringify({ ...key, ...patch }), id);
    };
    const apiKeys: ApiKeyLookup = {
      findByHash: async (hash) => parse<ApiKey>(sql("SELECT data FROM api_keys WHERE hash = ?").get(hash) as DataRow | undefined),
      findById: async (id) => parse<ApiKey>(sql("SELECT data FROM api_keys WHERE id = ?").get(id) as DataRow | undefined),
      markUsed: async (id, at) => patchKey(id, { lastUsedAt: at }),
      revoke: async (id, at) => patchKey(id, { revokedAt: at }),
      listAll: async () => parseAll<ApiKey>(sql("SELECT data FROM api_keys ORDER BY created_at, id").all() as DataRow[]),
    };
    const outboxQueue = sqliteOutboxQueue(database);
    const signingKeys = sqliteSigningKeys(database);
    const idempotency = sqliteIdempotencyRecords(database);
    return {
      workspaces,
      apiKeys,
      outboxQueue,
      signingKeys,
      idempotency,
      within: (workspaceId) => this.workspaceTransaction(database, workspaceId),
      use: this.features.forSystem(database),
    };
  }

  private workspaceTransaction(database: SqliteDatabase, workspaceId: string): WorkspaceTransaction {
    const sql = (text: string) => database.statement(text);
    const one = <T>(text: string, ...params: unknown[]): T | null =>
      parse<T>(sql(text).get(...params) as DataRow | undefined);
    const many = <T>(text: string, ...params: unknown[]): T[] => parseAll<T>(sql(text).all(...params) as DataRow[]);

    const customers: CustomerRepository = {
      findById: async (id) => one<Customer>("SELECT data FROM customers WHERE workspace_id = ? AND id = ?", workspaceId, id),
      findByEmailKey: async (key) =>
        one<Customer>("SELECT data FROM customers WHERE workspace_id = ? AND email_key = ? ORDER BY created_at LIMIT 1", workspaceId, key),
      findByNameKey: async (key, { compatibleWithEmailKey, limit }) =>
        compatibleWithEmailKey === null
          ? many<Customer>("SELECT data FROM customers WHERE workspace_id = ? AND name_key = ? ORDER BY created_at LIMIT ?", workspaceId, key, limit)
          : // Two seeks in customers_by_name_email (migration 12): namesakes without an e-mail, and with this one.
            many<Customer>(
              `SELECT data FROM (
                 SELECT data, created_at FROM customers WHERE workspace_id = ? AND name_key = ? AND email_key IS NULL
                 UNION ALL
                 SELECT data, created_at FROM customers WHERE workspace_id = ? AND name_key = ? AND email_key = ?
               ) ORDER BY created_at LIMIT ?`,
              workspaceId,
              key,
              workspaceId,
              key,
              compatibleWithEmailKey,
              limit,
            ),
      insert: async (customer) => {
        sql(
          "INSERT INTO customers (id, workspace_id, email_key, name_key, search_text, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
        ).run(customer.id, workspaceId, customer.emailKey, customer.nameKey, customerSearchText(customer), customer.createdAt, JSON.stringify(customer));
      },
      update: async (customer) => {
        sql("UPDATE customers SET email_key = ?, name_key = ?, search_text = ?, data = ? WHERE workspace_id = ? AND id = ?").run(
          customer.emailKey,
          customer.nameKey,
          customerSearchText(customer),
          JSON.stringify(customer),
          workspaceId,
          customer.id,
        );
      },
      delete: async (id) => {
        sql("DELETE FROM customers WHERE workspace_id = ? AND id = ?").run(workspaceId, id);
      },
      list: async (query, page) => {
        const needle = searchNeedle(query.text);
        const match = needle ? textMatch(database, "customers", needle) : null;
        const filter: Conditions = match
          ? { where: [match.condition], params: match.values, indexedText: match.indexed, textFirst: match.selective }
          : NO_CONDITIONS;
        return keysetPage<Customer>(database, "customers", workspaceId, filter, page);
      },
    };

    const inquiryParams = (inquiry: Inquiry) => [
      inquiry.customerId,
      catalogKey(inquiry.status),
      catalogKey(inquiry.source),
      inquiry.source,
      inquiry.assignee,
      inquiry.externalRef,
      JSON.stringify(inquiry.tags.map((tag) => tag.toLowerCase())),
      inquirySearchText(inquiry),
      inquiry.leadScore,
      inquiry.followUpDate,
      inquiry.holdReasons.length > 0 ? 1 : 0,
      JSON.stringify(inquiry),
    ];
    const inquiries: InquiryRepository = {
      findById: async (id) => one<Inquiry>("SELECT data FROM inquiries WHERE workspace_id = ? AND id = ?", workspaceId, id),
      findByExternalRef: async (source, ref) =>
        one<Inquiry>("SELECT data FROM inquiries WHERE workspace_id = ? AND source = ? AND external_ref = ?", workspaceId, source, ref),
      insert: async (inquiry) => {
        sql(
          `INSERT INTO inquiries (customer_id, status_key, source_key, source, assignee, external_ref, tag_keys, search_text, lead_score, follow_up_date,
             held, data, id, workspace_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(...inquiryParams(inquiry), inquiry.id, workspaceId, inquiry.createdAt);
      },
      update: async (inquiry) => {
        sql(
          `UPDATE inquiries SET customer_id = ?, status_key = ?, source_key = ?, source = ?, assignee = ?, external_ref = ?,
             tag_keys = ?, search_text = ?, lead_score = ?, follow_up_date = ?, held = ?, data = ? WHERE id = ? AND workspace_id = ?`,
        ).run(...inquiryParams(inquiry), inquiry.id, workspaceId);
      },
      delete: async (id) => {
        sql("DELETE FROM inquiries WHERE workspace_id = ? AND id = ?").run(workspaceId, id);
      },
      list: async (query, page) => {
        const filter = inquiryConditions(database, query);
        if (!query.sort || (query.sort.by === "createdAt" && query.sort.descending)) {
          return keysetPage<Inquiry>(database, "inquiries", workspaceId, filter, page);
        }
        return sortedInquiryPage(database, workspaceId, filter, query.sort, page);
      },
      count: async (query) => {
        const { where, params, indexedText } = inquiryConditions(database, query);
        // A count needs no order: with an indexed text term, the matches lead however many there are.
        const row = sql(`SELECT count(*) AS n FROM inquiries WHERE ${[workspaceCondition(indexedText), ...where].join(" AND ")}`).get(workspaceId, ...params) as {
          n: number;
        };
        return row.n;
      },
    };

    const catalog: CatalogRepository = {
      findByKey: async (kind, key) =>
        one<CatalogEntry>("SELECT data FROM catalog_entries WHERE workspace_id = ? AND kind = ? AND key = ?", workspaceId, kind, key),
      insert: async (entry) => {
        sql("INSERT INTO catalog_entries (id, workspace_id, kind, key, created_at, data) VALUES (?, ?, ?, ?, ?, ?)").run(
          entry.id,
          workspaceId,
          entry.kind,
          entry.key,
          entry.createdAt,
          JSON.stringify(entry),
        );
      },
      findById: async (id) => one<CatalogEntry>("SELECT data FROM catalog_entries WHERE workspace_id = ? AND id = ?", workspaceId, id),
      update: async (entry) => {
        sql("UPDATE catalog_entries SET key = ?, data = ? WHERE workspace_id = ? AND id = ?").run(entry.key, JSON.stringify(entry), workspaceId, entry.id);
      },
      delete: async (id) => {
        sql("DELETE FROM catalog_entries WHERE workspace_id = ? AND id = ?").run(workspaceId, id);
      },
      list: async (kind) =>
        many<CatalogEntry>(
          `SELECT data FROM catalog_entries WHERE workspace_id = ? AND kind = ?
           ORDER BY json_extract(data, '$.position') IS NULL, json_extract(data, '$.position'), created_at, id`,
          workspaceId,
          kind,
        ),
    };

    const apiKeys: ApiKeyRepository = {
      findById: async (id) => one<ApiKey>("SELECT data FROM api_keys WHERE workspace_id = ? AND id = ?", workspaceId, id),
      insert: async (key) => {
        sql("INSERT INTO api_keys (id, workspace_id, hash, created_at, data) VALUES (?, ?, ?, ?, ?)").run(
          key.id,
          workspaceId,
          key.hash,
          key.createdAt,
          JSON.stringify(key),
        );
      },
      update: async (key) => {
        sql("UPDATE api_keys SET data = ? WHERE workspace_id = ? AND id = ?").run(JSON.stringify(key), workspaceId, key.id);
      },
      list: async () => many<ApiKey>("SELECT data FROM api_keys WHERE workspace_id = ? ORDER BY created_at, id", workspaceId),
    };

    const outbox: Outbox = {
      add: async (event) => {
        sql(
          "INSERT INTO outbox (id, workspace_id, type, aggregate_id, occurred_at, payload, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        ).run(event.id, event.workspaceId, event.type, event.aggregateId, event.occurredAt, JSON.stringify(event.payload), event.occurredAt);
      },
    };

    const savepoint = async <T, E>(work: () => Promise<Result<T, E>>): Promise<Result<T, E>> => {
      const name = `sp_${++this.savepoints}`;
      const db = this.database.db;
      db.exec(`SAVEPOINT ${name}`);
      try {
        const result = await work();
        db.exec(result.ok ? `RELEASE ${name}` : `ROLLBACK TO ${name}; RELEASE ${name}`);
        return result;
      } catch (error) {
        db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
        throw error;
      }
    };

    return {
      workspaceId,
      savepoint,
      customers,
      inquiries,
      catalog,
      apiKeys,
      outbox,
      tickets: sqliteStatusRecords<Ticket, TicketStatus>(database, "tickets", workspaceId),
      orders: sqliteStatusRecords<WebOrder, OrderStatus>(database, "web_orders", workspaceId),
      attachments: sqliteAttachments(database, workspaceId),
      staff: sqliteStaffRepository(database, workspaceId),
      notifications: sqliteNotificationRepository(database, workspaceId),
      personalData: sqlitePersonalData(database, workspaceId),
      workspaces: {
        findById: async (id) => (id === workspaceId ? one<Workspace>("SELECT data FROM workspaces WHERE id = ?", id) : null),
      },
      use: this.features.forWorkspace(database, workspaceId),
    };
  }
}

/** Keyset pagination, newest first; one row beyond the page tells whether another page follows. */
function keysetPage<T extends { createdAt: string; id: string }>(
  database: SqliteDatabase,
  table: "customers" | "inquiries",
  workspaceId: string,
  { where, params, textFirst }: Conditions,
  request: PageRequest,
): Page<T> {
  const conditions = [workspaceCondition(textFirst), ...where];
  const values: unknown[] = [workspaceId, ...params];
  if (request.after) {
    conditions.push("(created_at < ? OR (created_at = ? AND id < ?))");
    values.push(request.after.createdAt, request.after.createdAt, request.after.id);
  }
  const rows = database.statement(
    `SELECT data FROM ${table} WHERE ${conditions.join(" AND ")} ORDER BY created_at DESC, id DESC LIMIT ?`,
  ).all(...values, request.limit + 1) as DataRow[];
  const items = parseAll<T>(rows.slice(0, request.limit));
  const last = items[items.length - 1];
  return { items, next: rows.length > request.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

/**
 * WHERE conditions beside the workspace's. `indexedText`: one of them is a text term looked up in
 * the search index; `textFirst`: that term is selective enough to lead an ordered page.
 */
interface Conditions {
  readonly where: readonly string[];
  readonly params: readonly unknown[];
  readonly indexedText: boolean;
  readonly textFirst: boolean;
}

const NO_CONDITIONS: Conditions = { where: [], params: [], indexedText: false, textFirst: false };

/**
 * The "+" keeps SQLite from walking the workspace's listing index when a selective text match
 * should lead: then the few matching rows are fetched by rowid and sorted, instead of the whole
 * workspace being read in order to find them.
 */
const workspaceCondition = (textFirst: boolean) => (textFirst ? "+workspace_id = ?" : "workspace_id = ?");

function inquiryConditions(database: SqliteDatabase, query: InquiryQuery): Conditions {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, value: unknown) => {
    where.push(condition);
    params.push(value);
  };
  if (query.status !== undefined) add("status_key = ?", catalogKey(query.status));
  if (query.source !== undefined) add("source_key = ?", catalogKey(query.source));
  if (query.assignee !== undefined) add("assignee = ?", query.assignee.trim().toLowerCase());
  if (query.customerId !== undefined) add("customer_id = ?", query.customerId);
  if (query.tag !== undefined) add("EXISTS (SELECT 1 FROM json_each(tag_keys) WHERE value = ?)", query.tag.toLowerCase());
  if (query.createdAfter !== undefined) add("created_at >= ?", query.createdAfter);
  if (query.createdBefore !== undefined) add("created_at < ?", query.createdBefore);
  if (query.minScore !== undefined) add("lead_score >= ?", query.minScore);
  if (query.held !== undefined) add("held = ?", query.held ? 1 : 0);
  if (query.followUpFrom !== undefined) add("follow_up_date >= ?", query.followUpFrom);
  if (query.followUpBefore !== undefined) add("follow_up_date < ?", query.followUpBefore);
  const needle = searchNeedle(query.text);
  const match = needle ? textMatch(database, "inquiries", needle) : null;
  if (match) {
    where.push(match.condition);
    params.push(...match.values);
  }
  return { where, params, indexedText: match?.indexed ?? false, textFirst: match?.selective ?? false };
}

/** Up to this many matches, a search fetches its matches and sorts them; beyond, it walks the listing order. */
const SELECTIVE_MATCHES = 2000;

/**
 * A substring search: through the table's trigram index (migration 11) for three characters or
 * more, which is what keeps a search fast at any size; a shorter term has no trigram to look up
 * and is compared row by row. A term with few matches (an e-mail address, a rare name) is
 * selective: its matches lead the query. A common one is checked while walking the listing order,
 * which finds a page of matches after a few rows because they are everywhere.
 */
function textMatch(
  database: SqliteDatabase,
  table: SearchedTable,
  needle: string,
): { condition: string; values: unknown[]; indexed: boolean; selective: boolean } {
  if ([...needle].length < 3) return { condition: "instr(search_text, ?) > 0", values: [needle], indexed: false, selective: false };
  // One quoted FTS5 string: the term is matched as it stands, operators and quotes included.
  const value = `"${needle.replaceAll('"', '""')}"`;
  const matches = database
    .statement(`SELECT count(*) AS n FROM (SELECT 1 FROM ${table}_search WHERE ${table}_search MATCH ? LIMIT ${SELECTIVE_MATCHES + 1})`)
    .get(value) as { n: number };
  // Rows not yet in the index (a few hundred at most) are compared directly.
  return { condition: searchCondition(table), values: [value, needle], indexed: true, selective: matches.n <= SELECTIVE_MATCHES };
}

const SORT_COLUMNS: Readonly<Record<InquirySortKey, string>> = {
  createdAt: "created_at",
  leadScore: "lead_score",
  followUpDate: "follow_up_date",
};

/**
 * Keyset pagination in any of the inquiry orders: (key, id) in the sort's direction. Only the
 * follow-up date can be null, and nulls come last in both directions, so a page that ended on
 * a null continues among the nulls by id alone.
 */
function sortedInquiryPage(
  database: SqliteDatabase,
  workspaceId: string,
  { where, params, textFirst }: Conditions,
  sort: InquirySort,
  request: PageRequest,
): Page<Inquiry> {
  const column = SORT_COLUMNS[sort.by];
  const [cmp, dir] = sort.descending ? ["<", "DESC"] : [">", "ASC"];
  // Only the follow-up date is nullable; its index has the same leading "IS NULL" term.
  const nullsLast = sort.by === "followUpDate" ? `${column} IS NULL, ` : "";
  const conditions = [workspaceCondition(textFirst), ...where];
  const values: unknown[] = [workspaceId, ...params];
  const after = request.after;
  if (after) {
    const value = after.sortValue ?? null;
    if (value === null) {
      conditions.push(`(${column} IS NULL AND id ${cmp} ?)`);
      values.push(after.id);
    } else {
      conditions.push(`(${column} ${cmp} ? OR (${column} = ? AND id ${cmp} ?) OR ${column} IS NULL)`);
      values.push(value, value, after.id);
    }
  }
  const rows = database.statement(
    `SELECT data FROM inquiries WHERE ${conditions.join(" AND ")} ORDER BY ${nullsLast}${column} ${dir}, id ${dir} LIMIT ?`,
  ).all(...values, request.limit + 1) as DataRow[];
  const items = parseAll<Inquiry>(rows.slice(0, request.limit));
  const last = items[items.length - 1];
  return { items, next: rows.length > request.limit && last ? positionAfter(last, sort) : null };
}
