import type { Page, PageRequest } from "../../application/ports/pagination.js";
import type {
  ApiKeyLookup,
  ApiKeyRepository,
  CatalogRepository,
  CustomerRepository,
  InquiryQuery,
  InquiryRepository,
  Outbox,
  WorkspaceRepository,
} from "../../application/ports/repositories.js";
import type { SystemTransaction, UnitOfWork, WorkspaceTransaction } from "../../application/ports/unit-of-work.js";
import type { ApiKey } from "../../domain/access/api-key.js";
import type { CatalogEntry } from "../../domain/catalog/catalog.js";
import type { Customer } from "../../domain/customer/customer.js";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import type { Result } from "../../domain/shared/result.js";
import { catalogKey } from "../../domain/shared/text.js";
import type { Workspace } from "../../domain/workspace/workspace.js";
import { Mutex } from "../shared/mutex.js";
import { customerSearchText, inquirySearchText, searchNeedle } from "../shared/search-text.js";
import type { SqliteDatabase } from "./sqlite-database.js";
import { sqliteAttachments, sqliteStatusRecords } from "./sqlite-intake-repositories.js";
import type { OrderStatus, WebOrder } from "../../domain/order/order.js";
import type { Ticket, TicketStatus } from "../../domain/ticket/ticket.js";
import { sqliteNotificationRepository, sqliteOutboxQueue, sqliteStaffRepository } from "./sqlite-notification-repositories.js";
import { sqliteSigningKeys } from "./sqlite-signing-keys.js";
import { sqlitePersonalData } from "./sqlite-personal-data.js";

interface DataRow {
  data: string;
}

const parse = <T>(row: DataRow | undefined): T | null => (row ? (JSON.parse(row.data) as T) : null);
const parseAll = <T>(rows: DataRow[]): T[] => rows.map((row) => JSON.parse(row.data) as T);

/**
 * SQLite transactions on one connection. better-sqlite3 is synchronous but our ports are async,
 * so a mutex keeps one transaction open at a time: interleaved awaits of two use cases would
 * otherwise share one BEGIN...COMMIT. BEGIN IMMEDIATE takes the write lock up front, so a second
 * process (the CLI beside the server) waits on the busy timeout instead of failing mid-way.
 */
export class SqliteUnitOfWork implements UnitOfWork {
  private readonly mutex = new Mutex();
  private savepoints = 0;

  constructor(private readonly database: SqliteDatabase) {}

  run<T, E>(workspaceId: string, work: (tx: WorkspaceTransaction) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.transaction(() => work(this.workspaceTransaction(workspaceId)));
  }

  runSystem<T, E>(work: (tx: SystemTransaction) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.transaction(() => work(this.systemTransaction()));
  }

  /** Runs work on the connection between transactions (e.g. a WAL checkpoint, which an open transaction would block). */
  exclusive<T>(work: () => T): Promise<T> {
    return this.mutex.run(async () => work());
  }

  private transaction<T, E>(work: () => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.mutex.run(async () => {
      const db = this.database.db;
      db.exec("BEGIN IMMEDIATE");
      try {
        const result = await work();
        db.exec(result.ok ? "COMMIT" : "ROLLBACK");
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
    });
  }

  private sql(text: string) {
    return this.database.statement(text);
  }

  private systemTransaction(): SystemTransaction {
    const workspaces: WorkspaceRepository = {
      findById: async (id) => parse<Workspace>(this.sql("SELECT data FROM workspaces WHERE id = ?").get(id) as DataRow | undefined),
      findByName: async (name) =>
        parse<Workspace>(this.sql("SELECT data FROM workspaces WHERE name = ?").get(name) as DataRow | undefined),
      insert: async (workspace) => {
        this.sql("INSERT INTO workspaces (id, name, created_at, data) VALUES (?, ?, ?, ?)").run(
          workspace.id,
          workspace.name,
          workspace.createdAt,
          JSON.stringify(workspace),
        );
      },
      list: async () => parseAll<Workspace>(this.sql("SELECT data FROM workspaces ORDER BY created_at, id").all() as DataRow[]),
      update: async (workspace) => {
        this.sql("UPDATE workspaces SET data = ? WHERE id = ?").run(JSON.stringify(workspace), workspace.id);
      },
    };
    const patchKey = (id: string, patch: Partial<ApiKey>) => {
      const key = parse<ApiKey>(this.sql("SELECT data FROM api_keys WHERE id = ?").get(id) as DataRow | undefined);
      if (key) this.sql("UPDATE api_keys SET data = ? WHERE id = ?").run(JSON.stringify({ ...key, ...patch }), id);
    };
    const apiKeys: ApiKeyLookup = {
      findByHash: async (hash) => parse<ApiKey>(this.sql("SELECT data FROM api_keys WHERE hash = ?").get(hash) as DataRow | undefined),
      findById: async (id) => parse<ApiKey>(this.sql("SELECT data FROM api_keys WHERE id = ?").get(id) as DataRow | undefined),
      markUsed: async (id, at) => patchKey(id, { lastUsedAt: at }),
      revoke: async (id, at) => patchKey(id, { revokedAt: at }),
      listAll: async () => parseAll<ApiKey>(this.sql("SELECT data FROM api_keys ORDER BY created_at, id").all() as DataRow[]),
    };
    const outboxQueue = sqliteOutboxQueue(this.database);
    const signingKeys = sqliteSigningKeys(this.database);
    return { workspaces, apiKeys, outboxQueue, signingKeys, within: (workspaceId) => this.workspaceTransaction(workspaceId) };
  }

  private workspaceTransaction(workspaceId: string): WorkspaceTransaction {
    const one = <T>(text: string, ...params: unknown[]): T | null =>
      parse<T>(this.sql(text).get(...params) as DataRow | undefined);
    const many = <T>(text: string, ...params: unknown[]): T[] => parseAll<T>(this.sql(text).all(...params) as DataRow[]);

    const customers: CustomerRepository = {
      findById: async (id) => one<Customer>("SELECT data FROM customers WHERE workspace_id = ? AND id = ?", workspaceId, id),
      findByEmailKey: async (key) =>
        one<Customer>("SELECT data FROM customers WHERE workspace_id = ? AND email_key = ? ORDER BY created_at LIMIT 1", workspaceId, key),
      findByNameKey: async (key) =>
        many<Customer>("SELECT data FROM customers WHERE workspace_id = ? AND name_key = ? ORDER BY created_at", workspaceId, key),
      insert: async (customer) => {
        this.sql(
          "INSERT INTO customers (id, workspace_id, email_key, name_key, search_text, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
        ).run(customer.id, workspaceId, customer.emailKey, customer.nameKey, customerSearchText(customer), customer.createdAt, JSON.stringify(customer));
      },
      update: async (customer) => {
        this.sql("UPDATE customers SET email_key = ?, name_key = ?, search_text = ?, data = ? WHERE workspace_id = ? AND id = ?").run(
          customer.emailKey,
          customer.nameKey,
          customerSearchText(customer),
          JSON.stringify(customer),
          workspaceId,
          customer.id,
        );
      },
      delete: async (id) => {
        this.sql("DELETE FROM customers WHERE workspace_id = ? AND id = ?").run(workspaceId, id);
      },
      list: async (query, page) => {
        const needle = searchNeedle(query.text);
        const where = needle ? ["instr(search_text, ?) > 0"] : [];
        return this.page<Customer>("customers", workspaceId, where, needle ? [needle] : [], page);
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
      JSON.stringify(inquiry),
    ];
    const inquiries: InquiryRepository = {
      findById: async (id) => one<Inquiry>("SELECT data FROM inquiries WHERE workspace_id = ? AND id = ?", workspaceId, id),
      findByExternalRef: async (source, ref) =>
        one<Inquiry>("SELECT data FROM inquiries WHERE workspace_id = ? AND source = ? AND external_ref = ?", workspaceId, source, ref),
      insert: async (inquiry) => {
        this.sql(
          `INSERT INTO inquiries (customer_id, status_key, source_key, source, assignee, external_ref, tag_keys, search_text, data, id, workspace_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(...inquiryParams(inquiry), inquiry.id, workspaceId, inquiry.createdAt);
      },
      update: async (inquiry) => {
        this.sql(
          `UPDATE inquiries SET customer_id = ?, status_key = ?, source_key = ?, source = ?, assignee = ?, external_ref = ?,
             tag_keys = ?, search_text = ?, data = ? WHERE id = ? AND workspace_id = ?`,
        ).run(...inquiryParams(inquiry), inquiry.id, workspaceId);
      },
      delete: async (id) => {
        this.sql("DELETE FROM inquiries WHERE workspace_id = ? AND id = ?").run(workspaceId, id);
      },
      list: async (query, page) => {
        const { where, params } = inquiryConditions(query);
        return this.page<Inquiry>("inquiries", workspaceId, where, params, page);
      },
    };

    const catalog: CatalogRepository = {
      findByKey: async (kind, key) =>
        one<CatalogEntry>("SELECT data FROM catalog_entries WHERE workspace_id = ? AND kind = ? AND key = ?", workspaceId, kind, key),
      insert: async (entry) => {
        this.sql("INSERT INTO catalog_entries (id, workspace_id, kind, key, created_at, data) VALUES (?, ?, ?, ?, ?, ?)").run(
          entry.id,
          workspaceId,
          entry.kind,
          entry.key,
          entry.createdAt,
          JSON.stringify(entry),
        );
      },
      list: async (kind) =>
        many<CatalogEntry>("SELECT data FROM catalog_entries WHERE workspace_id = ? AND kind = ? ORDER BY created_at, id", workspaceId, kind),
    };

    const apiKeys: ApiKeyRepository = {
      findById: async (id) => one<ApiKey>("SELECT data FROM api_keys WHERE workspace_id = ? AND id = ?", workspaceId, id),
      insert: async (key) => {
        this.sql("INSERT INTO api_keys (id, workspace_id, hash, created_at, data) VALUES (?, ?, ?, ?, ?)").run(
          key.id,
          workspaceId,
          key.hash,
          key.createdAt,
          JSON.stringify(key),
        );
      },
      update: async (key) => {
        this.sql("UPDATE api_keys SET data = ? WHERE workspace_id = ? AND id = ?").run(JSON.stringify(key), workspaceId, key.id);
      },
      list: async () => many<ApiKey>("SELECT data FROM api_keys WHERE workspace_id = ? ORDER BY created_at, id", workspaceId),
    };

    const outbox: Outbox = {
      add: async (event) => {
        this.sql(
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
      tickets: sqliteStatusRecords<Ticket, TicketStatus>(this.database, "tickets", workspaceId),
      orders: sqliteStatusRecords<WebOrder, OrderStatus>(this.database, "web_orders", workspaceId),
      attachments: sqliteAttachments(this.database, workspaceId),
      staff: sqliteStaffRepository(this.database, workspaceId),
      notifications: sqliteNotificationRepository(this.database, workspaceId),
      personalData: sqlitePersonalData(this.database, workspaceId),
      workspaces: {
        findById: async (id) => (id === workspaceId ? one<Workspace>("SELECT data FROM workspaces WHERE id = ?", id) : null),
      },
    };
  }

  /** Keyset pagination, newest first; one row beyond the page tells whether another page follows. */
  private page<T extends { createdAt: string; id: string }>(
    table: "customers" | "inquiries",
    workspaceId: string,
    where: string[],
    params: unknown[],
    page: PageRequest,
  ): Page<T> {
    const conditions = ["workspace_id = ?", ...where];
    const values: unknown[] = [workspaceId, ...params];
    if (page.after) {
      conditions.push("(created_at < ? OR (created_at = ? AND id < ?))");
      values.push(page.after.createdAt, page.after.createdAt, page.after.id);
    }
    const rows = this.sql(
      `SELECT data FROM ${table} WHERE ${conditions.join(" AND ")} ORDER BY created_at DESC, id DESC LIMIT ?`,
    ).all(...values, page.limit + 1) as DataRow[];
    const items = parseAll<T>(rows.slice(0, page.limit));
    const last = items[items.length - 1];
    return { items, next: rows.length > page.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
  }
}

function inquiryConditions(query: InquiryQuery): { where: string[]; params: unknown[] } {
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
  const needle = searchNeedle(query.text);
  if (needle) add("instr(search_text, ?) > 0", needle);
  return { where, params };
}
