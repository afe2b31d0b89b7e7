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
import type { SystemReader, SystemTransaction, UnitOfWork, WorkspaceReader, WorkspaceTransaction } from "../../application/ports/unit-of-work.js";
import { positionAfter } from "../../application/inquiries/inquiry-query.js";
import type { ApiKey } from "../../domain/access/api-key.js";
import type { CatalogEntry } from "../../domain/catalog/catalog.js";
import type { Customer } from "../../domain/customer/customer.js";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import type { OrderStatus, WebOrder } from "../../domain/order/order.js";
import type { Result } from "../../domain/shared/result.js";
import { catalogKey } from "../../domain/shared/text.js";
import type { Ticket, TicketStatus } from "../../domain/ticket/ticket.js";
import type { Workspace } from "../../domain/workspace/workspace.js";
import { customerSearchText, inquirySearchText, searchNeedle } from "../shared/search-text.js";
import { PostgresFeatureStores, type PostgresFeatureStorage } from "./feature-storage.js";
import type { PostgresDatabase, Sql } from "./postgres-database.js";
import { postgresIdempotencyRecords } from "./postgres-idempotency-records.js";
import { postgresAttachments, postgresStatusRecords } from "./postgres-intake-repositories.js";
import { postgresNotificationRepository, postgresOutboxQueue, postgresStaffRepository } from "./postgres-notification-repositories.js";
import { postgresPersonalData } from "./postgres-personal-data.js";
import { postgresSigningKeys } from "./postgres-signing-keys.js";

export interface PostgresUnitOfWorkOptions {
  /** The repositories of the features beside the core ones, offered through `tx.use(store)`. */
  readonly features?: readonly PostgresFeatureStorage[];
}

/** Whether the transaction may write: only writing transactions take the customer-matching locks. */
type Access = "write" | "read";

/**
 * Carries a failed result out of `database.transaction`, which commits whatever returns: thrown
 * instead, it rolls the transaction back, and `run` hands the result to the caller as it was.
 * Not an Error, so the database never mistakes it for a lost server or a retryable conflict.
 */
class FailedResult<T, E> {
  constructor(readonly result: Result<T, E>) {}
}

/*
 * Customer matching across instances (docs/adr/0018). A customer is found by e-mail or name
 * and created when none exists, in one transaction. Two instances handling the first two
 * inquiries of a new address at once would both find nothing and both create one. A unique
 * index cannot prevent it: customers may share an e-mail after an edit (the duplicates feature
 * merges them later), so the database must keep accepting such rows.
 *
 * Instead a writing transaction takes a transaction-scoped advisory lock on the key before it
 * looks the customer up: the second transaction waits until the first commits or rolls back.
 * The lookup is a statement of its own after the lock: under READ COMMITTED each statement sees
 * what was committed when it started, so it sees the winner's customer and matches it instead of
 * creating a second one. (Locking and looking up in one statement would read the snapshot taken
 * before the wait.) Reads never lock; they only look.
 *
 * The lock key is a 64-bit hash of the workspace and the key, seeded per kind of key: an e-mail
 * and a name lock, or one of these and any other advisory lock, share a key only by accident of
 * the hash, which costs a needless wait, never a wrong answer. Resolving a customer
 * takes the e-mail lock before the name lock, always in that order, so two matchings cannot
 * deadlock each other; if anything else ever does, the database runs the transaction again.
 */
const EMAIL_LOCK_SEED = 0x4c50_656d; // "LPem"
const NAME_LOCK_SEED = 0x4c50_6e6d; // "LPnm"
const MATCHING_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended($3, hashtextextended($2, $1)))";

/**
 * PostgreSQL transactions for many server instances on one database (docs/adr/0018). Each
 * `run` is one READ COMMITTED transaction on a pooled connection, committed when the work
 * returns an ok result and rolled back when it returns a failure or throws. Reads are
 * REPEATABLE READ READ ONLY: one snapshot for all their queries, and no locks.
 */
export class PostgresUnitOfWork implements UnitOfWork {
  private readonly features: PostgresFeatureStores;
  /** Numbers savepoint names: unique across the views (`within`) that share one transaction. */
  private savepoints = 0;

  constructor(
    private readonly database: PostgresDatabase,
    options: PostgresUnitOfWorkOptions = {},
  ) {
    this.features = new PostgresFeatureStores(options.features ?? []);
  }

  run<T, E>(workspaceId: string, work: (tx: WorkspaceTransaction) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.write((sql) => work(this.workspaceTransaction(sql, workspaceId, "write")));
  }

  runSystem<T, E>(work: (tx: SystemTransaction) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.write((sql) => work(this.systemTransaction(sql, "write")));
  }

  read<T, E>(workspaceId: string, work: (tx: WorkspaceReader) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.database.transaction((sql) => work(this.workspaceTransaction(sql, workspaceId, "read")), { readOnly: true });
  }

  readSystem<T, E>(work: (tx: SystemReader) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.database.transaction((sql) => work(this.systemTransaction(sql, "read")), { readOnly: true });
  }

  private async write<T, E>(work: (sql: Sql) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    try {
      return await this.database.transaction(async (sql) => {
        const result = await work(sql);
        if (!result.ok) throw new FailedResult(result);
        return result;
      });
    } catch (error) {
      if (error instanceof FailedResult) return error.result as Result<T, E>;
      throw error;
    }
  }

  private systemTransaction(sql: Sql, access: Access): SystemTransaction {
    const workspaces: WorkspaceRepository = {
      findById: (id) => sql.record<Workspace>("SELECT data FROM workspaces WHERE id = $1", [id]),
      findByName: (name) => sql.record<Workspace>("SELECT data FROM workspaces WHERE name = $1", [name]),
      insert: async (workspace) => {
        await sql.exec("INSERT INTO workspaces (id, name, created_at, data) VALUES ($1, $2, $3, $4)", [
          workspace.id,
          workspace.name,
          workspace.createdAt,
          JSON.stringify(workspace),
        ]);
      },
      list: () => sql.records<Workspace>("SELECT data FROM workspaces ORDER BY created_at, id"),
      update: async (workspace) => {
        await sql.exec("UPDATE workspaces SET data = $1 WHERE id = $2", [JSON.stringify(workspace), workspace.id]);
      },
    };
    // One statement: the patch is merged into the stored record by the database.
    const patchKey = async (id: string, patch: Partial<ApiKey>) => {
      await sql.exec("UPDATE api_keys SET data = data || $1::jsonb WHERE id = $2", [JSON.stringify(patch), id]);
    };
    const apiKeys: ApiKeyLookup = {
      findByHash: (hash) => sql.record<ApiKey>("SELECT data FROM api_keys WHERE hash = $1", [hash]),
      findById: (id) => sql.record<ApiKey>("SELECT data FROM api_keys WHERE id = $1", [id]),
      markUsed: (id, at) => patchKey(id, { lastUsedAt: at }),
      revoke: (id, at) => patchKey(id, { revokedAt: at }),
      listAll: () => sql.records<ApiKey>("SELECT data FROM api_keys ORDER BY created_at, id"),
    };
    // Built on first use only: most transactions never touch them.
    const outboxQueue = lazy(() => postgresOutboxQueue(sql));
    const signingKeys = lazy(() => postgresSigningKeys(sql));
    const idempotency = lazy(() => postgresIdempotencyRecords(sql));
    return {
      workspaces,
      apiKeys,
      get outboxQueue() {
        return outboxQueue();
      },
      get signingKeys() {
        return signingKeys();
      },
      get idempotency() {
        return idempotency();
      },
      within: (workspaceId) => this.workspaceTransaction(sql, workspaceId, access),
      use: this.features.forSystem(sql),
    };
  }

  private workspaceTransaction(sql: Sql, workspaceId: string, access: Access): WorkspaceTransaction {
    const lockMatching = async (seed: number, key: string) => {
      if (access === "write") await sql.exec(MATCHING_LOCK, [seed, workspaceId, key]);
    };

    const customers: CustomerRepository = {
      findById: (id) => sql.record<Customer>("SELECT data FROM customers WHERE workspace_id = $1 AND id = $2", [workspaceId, id]),
      findByEmailKey: async (key) => {
        await lockMatching(EMAIL_LOCK_SEED, key);
        return sql.record<Customer>("SELECT data FROM customers WHERE workspace_id = $1 AND email_key = $2 ORDER BY created_at LIMIT 1", [workspaceId, key]);
      },
      findByNameKey: async (key, { compatibleWithEmailKey, limit }) => {
        await lockMatching(NAME_LOCK_SEED, key);
        return compatibleWithEmailKey === null
          ? sql.records<Customer>("SELECT data FROM customers WHERE workspace_id = $1 AND name_key = $2 ORDER BY created_at LIMIT $3", [workspaceId, key, limit])
          : // Two seeks in customers_by_name_email: namesakes without an e-mail, and with this one.
            sql.records<Customer>(
              `SELECT data FROM (
                 SELECT data, created_at FROM customers WHERE workspace_id = $1 AND name_key = $2 AND email_key IS NULL
                 UNION ALL
                 SELECT data, created_at FROM customers WHERE workspace_id = $1 AND name_key = $2 AND email_key = $3
               ) AS namesakes ORDER BY created_at LIMIT $4`,
              [workspaceId, key, compatibleWithEmailKey, limit],
            );
      },
      insert: async (customer) => {
        await sql.exec(
          "INSERT INTO customers (id, workspace_id, email_key, name_key, search_text, created_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7)",
          [customer.id, workspaceId, customer.emailKey, customer.nameKey, customerSearchText(customer), customer.createdAt, JSON.stringify(customer)],
        );
      },
      update: async (customer) => {
        await sql.exec("UPDATE customers SET email_key = $1, name_key = $2, search_text = $3, data = $4 WHERE workspace_id = $5 AND id = $6", [
          customer.emailKey,
          customer.nameKey,
          customerSearchText(customer),
          JSON.stringify(customer),
          workspaceId,
          customer.id,
        ]);
      },
      delete: async (id) => {
        await sql.exec("DELETE FROM customers WHERE workspace_id = $1 AND id = $2", [workspaceId, id]);
      },
      list: (query, page) => {
        const conditions = new Conditions(workspaceId);
        const needle = searchNeedle(query.text);
        if (needle) conditions.addTextMatch(needle);
        return keysetPage<Customer>(sql, "customers", conditions, page);
      },
    };

    const inquiryColumns = (inquiry: Inquiry) => [
      inquiry.customerId,
      catalogKey(inquiry.status),
      catalogKey(inquiry.source),
      inquiry.source,
      inquiry.assignee,
      inquiry.externalRef,
      inquiry.tags.map((tag) => tag.toLowerCase()),
      inquirySearchText(inquiry),
      inquiry.leadScore,
      inquiry.followUpDate,
      inquiry.holdReasons.length > 0,
      JSON.stringify(inquiry),
    ];
    const inquiries: InquiryRepository = {
      findById: (id) => sql.record<Inquiry>("SELECT data FROM inquiries WHERE workspace_id = $1 AND id = $2", [workspaceId, id]),
      findByExternalRef: (source, ref) =>
        sql.record<Inquiry>("SELECT data FROM inquiries WHERE workspace_id = $1 AND source = $2 AND external_ref = $3", [workspaceId, source, ref]),
      insert: async (inquiry) => {
        await sql.exec(
          `INSERT INTO inquiries (customer_id, status_key, source_key, source, assignee, external_ref, tag_keys, search_text, lead_score, follow_up_date,
             held, data, id, workspace_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
          [...inquiryColumns(inquiry), inquiry.id, workspaceId, inquiry.createdAt],
        );
      },
      update: async (inquiry) => {
        await sql.exec(
          `UPDATE inquiries SET customer_id = $1, status_key = $2, source_key = $3, source = $4, assignee = $5, external_ref = $6,
             tag_keys = $7, search_text = $8, lead_score = $9, follow_up_date = $10, held = $11, data = $12 WHERE id = $13 AND workspace_id = $14`,
          [...inquiryColumns(inquiry), inquiry.id, workspaceId],
        );
      },
      delete: async (id) => {
        await sql.exec("DELETE FROM inquiries WHERE workspace_id = $1 AND id = $2", [workspaceId, id]);
      },
      list: (query, page) => {
        const conditions = inquiryConditions(workspaceId, query);
        if (!query.sort || (query.sort.by === "createdAt" && query.sort.descending)) {
          return keysetPage<Inquiry>(sql, "inquiries", conditions, page);
        }
        return sortedInquiryPage(sql, conditions, query.sort, page);
      },
      count: async (query) => {
        const conditions = inquiryConditions(workspaceId, query);
        const row = await sql.one<{ n: string }>(`SELECT count(*) AS n FROM inquiries WHERE ${conditions.where()}`, conditions.values);
        // count(*) is a bigint, which the driver hands over as a string.
        return Number(row?.n ?? 0);
      },
    };

    const catalog: CatalogRepository = {
      findByKey: (kind, key) =>
        sql.record<CatalogEntry>("SELECT data FROM catalog_entries WHERE workspace_id = $1 AND kind = $2 AND key = $3", [workspaceId, kind, key]),
      insert: async (entry) => {
        await sql.exec("INSERT INTO catalog_entries (id, workspace_id, kind, key, created_at, data) VALUES ($1, $2, $3, $4, $5, $6)", [
          entry.id,
          workspaceId,
          entry.kind,
          entry.key,
          entry.createdAt,
          JSON.stringify(entry),
        ]);
      },
      findById: (id) => sql.record<CatalogEntry>("SELECT data FROM catalog_entries WHERE workspace_id = $1 AND id = $2", [workspaceId, id]),
      update: async (entry) => {
        await sql.exec("UPDATE catalog_entries SET key = $1, data = $2 WHERE workspace_id = $3 AND id = $4", [
          entry.key,
          JSON.stringify(entry),
          workspaceId,
          entry.id,
        ]);
      },
      delete: async (id) => {
        await sql.exec("DELETE FROM catalog_entries WHERE workspace_id = $1 AND id = $2", [workspaceId, id]);
      },
      // ->> turns a missing position and a JSON null alike into SQL NULL, which sorts last.
      list: (kind) =>
        sql.records<CatalogEntry>(
          `SELECT data FROM catalog_entries WHERE workspace_id = $1 AND kind = $2
           ORDER BY (data->>'position')::double precision ASC NULLS LAST, created_at, id`,
          [workspaceId, kind],
        ),
    };

    const apiKeys: ApiKeyRepository = {
      findById: (id) => sql.record<ApiKey>("SELECT data FROM api_keys WHERE workspace_id = $1 AND id = $2", [workspaceId, id]),
      insert: async (key) => {
        await sql.exec("INSERT INTO api_keys (id, workspace_id, hash, created_at, data) VALUES ($1, $2, $3, $4, $5)", [
          key.id,
          workspaceId,
          key.hash,
          key.createdAt,
          JSON.stringify(key),
        ]);
      },
      update: async (key) => {
        await sql.exec("UPDATE api_keys SET data = $1 WHERE workspace_id = $2 AND id = $3", [JSON.stringify(key), workspaceId, key.id]);
      },
      list: () => sql.records<ApiKey>("SELECT data FROM api_keys WHERE workspace_id = $1 ORDER BY created_at, id", [workspaceId]),
    };

    const outbox: Outbox = {
      add: async (event) => {
        await sql.exec(
          "INSERT INTO outbox (id, workspace_id, type, aggregate_id, occurred_at, payload, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
          [event.id, event.workspaceId, event.type, event.aggregateId, event.occurredAt, JSON.stringify(event.payload), event.occurredAt],
        );
      },
    };

    const savepoint = async <T, E>(work: () => Promise<Result<T, E>>): Promise<Result<T, E>> => {
      const name = `sp_${++this.savepoints}`;
      await sql.exec(`SAVEPOINT ${name}`);
      try {
        const result = await work();
        await sql.exec(result.ok ? `RELEASE SAVEPOINT ${name}` : `ROLLBACK TO SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        // Also after a failed statement: rolling back to the savepoint makes the transaction usable again.
        await sql.exec(`ROLLBACK TO SAVEPOINT ${name}`);
        throw error;
      }
    };

    // Built on first use only: most transactions never touch them.
    const tickets = lazy(() => postgresStatusRecords<Ticket, TicketStatus>(sql, "tickets", workspaceId));
    const orders = lazy(() => postgresStatusRecords<WebOrder, OrderStatus>(sql, "web_orders", workspaceId));
    const attachments = lazy(() => postgresAttachments(sql, workspaceId));
    const staff = lazy(() => postgresStaffRepository(sql, workspaceId));
    const notifications = lazy(() => postgresNotificationRepository(sql, workspaceId));
    const personalData = lazy(() => postgresPersonalData(sql, workspaceId));

    return {
      workspaceId,
      savepoint,
      customers,
      inquiries,
      catalog,
      apiKeys,
      outbox,
      get tickets() {
        return tickets();
      },
      get orders() {
        return orders();
      },
      get attachments() {
        return attachments();
      },
      get staff() {
        return staff();
      },
      get notifications() {
        return notifications();
      },
      get personalData() {
        return personalData();
      },
      workspaces: {
        findById: async (id) => (id === workspaceId ? sql.record<Workspace>("SELECT data FROM workspaces WHERE id = $1", [id]) : null),
      },
      use: this.features.forWorkspace(sql, workspaceId),
    };
  }
}

/** Makes a value on first call and hands out the same one afterwards. */
function lazy<T>(make: () => T): () => T {
  let made: { value: T } | null = null;
  return () => (made ??= { value: make() }).value;
}

/** A WHERE clause with its $n parameters, always bound to the workspace ($1). */
class Conditions {
  readonly values: unknown[];
  private readonly terms: string[] = ["workspace_id = $1"];

  constructor(workspaceId: string) {
    this.values = [workspaceId];
  }

  /** A placeholder for the value, to be used in a term. */
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  add(term: string): void {
    this.terms.push(term);
  }

  /**
   * A substring search over the folded search text. From three characters on, LIKE is answered
   * by the trigram index (migration 1); a shorter term has no trigram to look up and is compared
   * row by row.
   */
  addTextMatch(needle: string): void {
    if ([...needle].length < 3) {
      this.add(`strpos(search_text, ${this.param(needle)}) > 0`);
      return;
    }
    const escaped = needle.replace(/[\\%_]/g, (character) => `\\${character}`);
    this.add(`search_text LIKE ${this.param(`%${escaped}%`)}`);
  }

  where(): string {
    return this.terms.join(" AND ");
  }
}

function inquiryConditions(workspaceId: string, query: InquiryQuery): Conditions {
  const conditions = new Conditions(workspaceId);
  const add = (column: string, operator: string, value: unknown) => conditions.add(`${column} ${operator} ${conditions.param(value)}`);
  if (query.status !== undefined) add("status_key", "=", catalogKey(query.status));
  if (query.source !== undefined) add("source_key", "=", catalogKey(query.source));
  if (query.assignee !== undefined) add("assignee", "=", query.assignee.trim().toLowerCase());
  if (query.customerId !== undefined) add("customer_id", "=", query.customerId);
  if (query.tag !== undefined) conditions.add(`tag_keys @> ARRAY[${conditions.param(query.tag.toLowerCase())}]::text[]`);
  if (query.createdAfter !== undefined) add("created_at", ">=", query.createdAfter);
  if (query.createdBefore !== undefined) add("created_at", "<", query.createdBefore);
  if (query.minScore !== undefined) add("lead_score", ">=", query.minScore);
  if (query.held !== undefined) add("held", "=", query.held);
  if (query.followUpFrom !== undefined) add("follow_up_date", ">=", query.followUpFrom);
  if (query.followUpBefore !== undefined) add("follow_up_date", "<", query.followUpBefore);
  const needle = searchNeedle(query.text);
  if (needle) conditions.addTextMatch(needle);
  return conditions;
}

/** Keyset pagination, newest first; one row beyond the page tells whether another page follows. */
async function keysetPage<T extends { createdAt: string; id: string }>(
  sql: Sql,
  table: "customers" | "inquiries",
  conditions: Conditions,
  request: PageRequest,
): Promise<Page<T>> {
  if (request.after) {
    // A row comparison: the listing index (workspace_id, created_at DESC, id DESC) seeks straight to it.
    conditions.add(`(created_at, id) < (${conditions.param(request.after.createdAt)}, ${conditions.param(request.after.id)})`);
  }
  const limit = conditions.param(request.limit + 1);
  const rows = await sql.records<T>(`SELECT data FROM ${table} WHERE ${conditions.where()} ORDER BY created_at DESC, id DESC LIMIT ${limit}`, conditions.values);
  const items = rows.slice(0, request.limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > request.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
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
async function sortedInquiryPage(sql: Sql, conditions: Conditions, sort: InquirySort, request: PageRequest): Promise<Page<Inquiry>> {
  const column = SORT_COLUMNS[sort.by];
  const [cmp, dir] = sort.descending ? ["<", "DESC"] : [">", "ASC"];
  // Only the follow-up date is nullable; its index has the same leading "IS NULL" term.
  const nullsLast = sort.by === "followUpDate" ? `(${column} IS NULL), ` : "";
  const after = request.after;
  if (after) {
    const value = after.sortValue ?? null;
    const id = conditions.param(after.id);
    if (value === null) {
      conditions.add(`(${column} IS NULL AND id ${cmp} ${id})`);
    } else if (sort.by !== "followUpDate") {
      // Never null: a row comparison, which the index on (workspace_id, key, id) seeks to.
      conditions.add(`(${column}, id) ${cmp} (${conditions.param(value)}, ${id})`);
    } else if (!sort.descending) {
      // The same seek along the follow-up index; the nulls, last, compare greater by the leading term.
      conditions.add(`((${column} IS NULL), ${column}, id) > (false, ${conditions.param(value)}, ${id})`);
    } else {
      const key = conditions.param(value);
      conditions.add(`(${column} < ${key} OR (${column} = ${key} AND id < ${id}) OR ${column} IS NULL)`);
    }
  }
  const limit = conditions.param(request.limit + 1);
  const rows = await sql.records<Inquiry>(
    `SELECT data FROM inquiries WHERE ${conditions.where()} ORDER BY ${nullsLast}${column} ${dir}, id ${dir} LIMIT ${limit}`,
    conditions.values,
  );
  const items = rows.slice(0, request.limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > request.limit && last ? positionAfter(last, sort) : null };
}
