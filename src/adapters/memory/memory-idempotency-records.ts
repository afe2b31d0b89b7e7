import type { IdempotencyRecords } from "../../application/ports/idempotency-records.js";
import type { IdempotencyRecord } from "../../domain/idempotency/idempotency.js";

const id = (workspaceId: string, key: string) => JSON.stringify([workspaceId, key]);

/** `records` is read on every call because a rollback swaps the map. */
export function memoryIdempotencyRecords(records: () => Map<string, IdempotencyRecord>): IdempotencyRecords {
  return {
    find: async (workspaceId, key) => records().get(id(workspaceId, key)) ?? null,
    put: async (record) => {
      records().set(id(record.workspaceId, record.key), record);
    },
    complete: async (workspaceId, key, response) => {
      const existing = records().get(id(workspaceId, key));
      if (existing) records().set(id(workspaceId, key), { ...existing, response });
    },
    remove: async (workspaceId, key) => {
      records().delete(id(workspaceId, key));
    },
    purgeExpired: async (now) => {
      let purged = 0;
      for (const [name, record] of records()) {
        if (record.expiresAt <= now) {
          records().delete(name);
          purged += 1;
        }
      }
      return purged;
    },
  };
}
