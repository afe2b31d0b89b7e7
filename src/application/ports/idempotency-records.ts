import type { IdempotencyRecord, StoredResponse } from "../../domain/idempotency/idempotency.js";

/** Stored first answers to creating requests, per workspace and Idempotency-Key. */
export interface IdempotencyRecords {
  find(workspaceId: string, key: string): Promise<IdempotencyRecord | null>;
  /** Inserts the claim, or replaces an expired or abandoned one under the same key. */
  put(record: IdempotencyRecord): Promise<void>;
  complete(workspaceId: string, key: string, response: StoredResponse): Promise<void>;
  remove(workspaceId: string, key: string): Promise<void>;
  /** Drops records that expired before `now`; returns how many. */
  purgeExpired(now: string): Promise<number>;
}
