import type { Page, PageRequest } from "../../application/ports/pagination.js";
import type { AttachmentRepository } from "../../application/ports/intake-repositories.js";
import type { Attachment } from "../../domain/attachment/attachment.js";
import type { StatusRecord } from "../shared/status-record.js";
import type { SqliteDatabase } from "./sqlite-database.js";

interface DataRow {
  data: string;
}

const parseAll = <T>(rows: DataRow[]): T[] => rows.map((row) => JSON.parse(row.data) as T);
const parseOne = <T>(row: DataRow | undefined): T | null => (row ? (JSON.parse(row.data) as T) : null);

/** Tables of records with a status and an optional customer (migration 2). */
export type StatusTable = "tickets" | "web_orders";

/** Tickets and web orders: the record as JSON in `data`, status and customer projected for filters. */
export function sqliteStatusRecords<T extends StatusRecord, S extends string>(database: SqliteDatabase, table: StatusTable, workspaceId: string) {
  const sql = (text: string) => database.statement(text);
  return {
    findById: async (id: string): Promise<T | null> =>
      parseOne<T>(sql(`SELECT data FROM ${table} WHERE workspace_id = ? AND id = ?`).get(workspaceId, id) as DataRow | undefined),
    insert: async (record: T): Promise<void> => {
      sql(`INSERT INTO ${table} (id, workspace_id, customer_id, status, created_at, data) VALUES (?, ?, ?, ?, ?, ?)`).run(
        record.id,
        workspaceId,
        record.customerId,
        record.status,
        record.createdAt,
        JSON.stringify(record),
      );
    },
    update: async (record: T): Promise<void> => {
      sql(`UPDATE ${table} SET customer_id = ?, status = ?, data = ? WHERE workspace_id = ? AND id = ?`).run(
        record.customerId,
        record.status,
        JSON.stringify(record),
        workspaceId,
        record.id,
      );
    },
    list: async (query: { status?: S; customerId?: string }, page: PageRequest): Promise<Page<T>> => {
      const conditions = ["workspace_id = ?"];
      const values: unknown[] = [workspaceId];
      if (query.status !== undefined) {
        conditions.push("status = ?");
        values.push(query.status);
      }
      if (query.customerId !== undefined) {
        conditions.push("customer_id = ?");
        values.push(query.customerId);
      }
      if (page.after) {
        conditions.push("(created_at < ? OR (created_at = ? AND id < ?))");
        values.push(page.after.createdAt, page.after.createdAt, page.after.id);
      }
      const rows = sql(`SELECT data FROM ${table} WHERE ${conditions.join(" AND ")} ORDER BY created_at DESC, id DESC LIMIT ?`).all(
        ...values,
        page.limit + 1,
      ) as DataRow[];
      const items = parseAll<T>(rows.slice(0, page.limit));
      const last = items[items.length - 1];
      return { items, next: rows.length > page.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
    },
  };
}

export function sqliteAttachments(database: SqliteDatabase, workspaceId: string): AttachmentRepository {
  const sql = (text: string) => database.statement(text);
  return {
    findById: async (id) =>
      parseOne<Attachment>(sql("SELECT data FROM attachments WHERE workspace_id = ? AND id = ?").get(workspaceId, id) as DataRow | undefined),
    insert: async (attachment) => {
      sql("INSERT INTO attachments (id, workspace_id, inquiry_id, created_at, data) VALUES (?, ?, ?, ?, ?)").run(
        attachment.id,
        workspaceId,
        attachment.inquiryId,
        attachment.createdAt,
        JSON.stringify(attachment),
      );
    },
    listByInquiry: async (inquiryId) =>
      parseAll<Attachment>(
        sql("SELECT data FROM attachments WHERE workspace_id = ? AND inquiry_id = ? ORDER BY created_at, id").all(workspaceId, inquiryId) as DataRow[],
      ),
    totalBytes: async () =>
      (sql("SELECT COALESCE(SUM(json_extract(data, '$.size')), 0) AS bytes FROM attachments WHERE workspace_id = ?").get(workspaceId) as { bytes: number }).bytes,
    deleteByInquiry: async (inquiryId) => {
      sql("DELETE FROM attachments WHERE workspace_id = ? AND inquiry_id = ?").run(workspaceId, inquiryId);
    },
  };
}
