import type { Page, PageRequest } from "../../application/ports/pagination.js";
import type { AttachmentRepository } from "../../application/ports/intake-repositories.js";
import type { Attachment } from "../../domain/attachment/attachment.js";
import type { StatusRecord } from "../shared/status-record.js";
import { paginate } from "./memory-unit-of-work.js";

const copy = <T>(value: T): T => structuredClone(value);

/**
 * Tickets and web orders share one shape of storage: records with a status and an optional
 * customer, listed newest first. `records` is read on every call because a rollback swaps the map.
 */
export function memoryStatusRecords<T extends StatusRecord, S extends string>(records: () => Map<string, T>, workspaceId: string) {
  const mine = (record: T | undefined): T | null => (record && record.workspaceId === workspaceId ? copy(record) : null);
  return {
    findById: async (id: string): Promise<T | null> => mine(records().get(id)),
    insert: async (record: T): Promise<void> => void records().set(record.id, copy(record)),
    update: async (record: T): Promise<void> => {
      if (mine(records().get(record.id))) records().set(record.id, copy(record));
    },
    list: async (query: { status?: S; customerId?: string }, page: PageRequest): Promise<Page<T>> =>
      copy(paginate(
        [...records().values()].filter(
          (r) =>
            r.workspaceId === workspaceId &&
            (query.status === undefined || r.status === query.status) &&
            (query.customerId === undefined || r.customerId === query.customerId),
        ),
        page,
      )),
  };
}

export function memoryAttachments(records: () => Map<string, Attachment>, workspaceId: string): AttachmentRepository {
  return {
    findById: async (id) => {
      const found = records().get(id);
      return found && found.workspaceId === workspaceId ? copy(found) : null;
    },
    insert: async (attachment) => void records().set(attachment.id, copy(attachment)),
    listByInquiry: async (inquiryId) =>
      copy(
        [...records().values()]
          .filter((a) => a.workspaceId === workspaceId && a.inquiryId === inquiryId)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
      ),
    totalBytes: async () => [...records().values()].filter((a) => a.workspaceId === workspaceId).reduce((sum, a) => sum + a.size, 0),
    deleteByInquiry: async (inquiryId) => {
      for (const a of [...records().values()]) if (a.workspaceId === workspaceId && a.inquiryId === inquiryId) records().delete(a.id);
    },
  };
}
