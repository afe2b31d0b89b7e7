import type { AttachmentRepository } from "../../application/ports/intake-repositories.js";
import type { Page, PageRequest } from "../../application/ports/pagination.js";
import type { Attachment } from "../../domain/attachment/attachment.js";
import type { StatusRecord } from "../shared/status-record.js";
import type { Sql } from "./postgres-database.js";

/** Tables of records with a status and an optional customer. */
export type StatusTable = "tickets" | "web_orders";

/** Tickets and web orders: the record as jsonb in `data`, status and customer projected for filters. */
export function postgresStatusRecords<T extends StatusRecord, S extends string>(
  sql: Sql,
  table: StatusTable,
  workspaceId: string,
): {
  findById(id: string): Promise<T | null>;
  insert(record: T): Promise<void>;
  update(record: T): Promise<void>;
  list(query: { status?: S; customerId?: string }, page: PageRequest): Promise<Page<T>>;
} {
  return {
    findById: (id) => sql.record<T>(`SELECT data FROM ${table} WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]),
    insert: async (record) => {
      await sql.exec(`INSERT INTO ${table} (id, workspace_id, customer_id, status, created_at, data) VALUES ($1, $2, $3, $4, $5, $6)`, [
        record.id,
        workspaceId,
        record.customerId,
        record.status,
        record.createdAt,
        JSON.stringify(record),
      ]);
    },
    update: async (record) => {
      await sql.exec(`UPDATE ${table} SET customer_id = $1, status = $2, data = $3 WHERE workspace_id = $4 AND id = $5`, [
        record.customerId,
        record.status,
        JSON.stringify(record),
        workspaceId,
        record.id,
      ]);
    },
    list: async (query, page) => {
      const values: unknown[] = [workspaceId];
      const param = (value: unknown) => {
        values.push(value);
        return `$${values.length}`;
      };
      const conditions = ["workspace_id = $1"];
      if (query.status !== undefined) conditions.push(`status = ${param(query.status)}`);
      if (query.customerId !== undefined) conditions.push(`customer_id = ${param(query.customerId)}`);
      if (page.after) {
        const createdAt = param(page.after.createdAt);
        conditions.push(`(created_at < ${createdAt} OR (created_at = ${createdAt} AND id < ${param(page.after.id)}))`);
      }
      const rows = await sql.records<T>(
        `SELECT data FROM ${table} WHERE ${conditions.join(" AND ")} ORDER BY created_at DESC, id DESC LIMIT ${param(page.limit + 1)}`,
        values,
      );
      const items = rows.slice(0, page.limit);
      const last = items[items.length - 1];
      return { items, next: rows.length > page.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
    },
  };
}

export function postgresAttachments(sql: Sql, workspaceId: string): AttachmentRepository {
  return {
    findById: (id) =>
      sql.record<Attachment>("SELECT data FROM attachments WHERE workspace_id = $1 AND id = $2", [workspaceId, id]),
    insert: async (attachment) => {
      await sql.exec("INSERT INTO attachments (id, workspace_id, inquiry_id, created_at, data) VALUES ($1, $2, $3, $4, $5)", [
        attachment.id,
        workspaceId,
        attachment.inquiryId,
        attachment.createdAt,
        JSON.stringify(attachment),
      ]);
    },
    listByInquiry: (inquiryId) =>
      sql.records<Attachment>("SELECT data FROM attachments WHERE workspace_id = $1 AND inquiry_id = $2 ORDER BY created_at, id", [workspaceId, inquiryId]),
    // sum() of numerics is a numeric, which the driver hands over as a string.
    totalBytes: async () => {
      const row = await sql.one<{ bytes: string }>("SELECT COALESCE(SUM((data->>'size')::numeric), 0) AS bytes FROM attachments WHERE workspace_id = $1", [
        workspaceId,
      ]);
      return Number(row?.bytes ?? 0);
    },
    deleteByInquiry: async (inquiryId) => {
      await sql.exec("DELETE FROM attachments WHERE workspace_id = $1 AND inquiry_id = $2", [workspaceId, inquiryId]);
    },
  };
}
