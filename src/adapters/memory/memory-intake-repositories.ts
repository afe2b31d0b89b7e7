import type { Page, PageRequest } from "../../application/ports/pagination.js";
import type { AttachmentRepository } from "../../application/ports/intake-repositories.js";
import type { Attachment } from "../../domain/attachment/attachment.js";

const copy = <T>(value: T): T => structuredClone(value);

interface StatusRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly status: string;
  readonly customerId: string | null;
  readonly createdAt: string;
}

function newestFirst<T extends { createdAt: string; id: string }>(a: T, b: T): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function keysetPage<T extends { createdAt: string; id: string }>(records: T[], page: PageRequest): Page<T> {
  const after = page.after;
  const remaining = records
    .sort(newestFirst)
    .filter((r) => !after || r.createdAt < after.createdAt || (r.createdAt === after.createdAt && r.id < after.id));
  const items = remaining.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items: copy(items), next: remaining.length > page.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

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
      keysetPage(
        [...records().values()].filter(
          (r) =>
            r.workspaceId === workspaceId &&
            (query.status === undefined || r.status === query.status) &&
            (query.customerId === undefined || r.customerId === query.customerId),
        ),
        page,
      ),
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
  };
}
