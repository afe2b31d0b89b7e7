import type { AttachmentRepository } from "../../application/ports/intake-repositories.js";
import type { Page, PageRequest } from "../../application/ports/pagination.js";
import type { StatusRecord } from "../shared/status-record.js";
import type { Sql } from "./postgres-database.js";

export type StatusTable = "tickets" | "web_orders";

// PLACEHOLDER: replaced by the full implementation; same shape as sqliteStatusRecords.
export function postgresStatusRecords<T extends StatusRecord, S extends string>(_sql: Sql, _table: StatusTable, _workspaceId: string): {
  findById(id: string): Promise<T | null>;
  insert(record: T): Promise<void>;
  update(record: T): Promise<void>;
  list(query: { status?: S; customerId?: string }, page: PageRequest): Promise<Page<T>>;
} {
  throw new Error("not implemented yet");
}
export function postgresAttachments(_sql: Sql, _workspaceId: string): AttachmentRepository {
  throw new Error("not implemented yet");
}
