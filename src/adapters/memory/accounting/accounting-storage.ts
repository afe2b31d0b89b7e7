import { ACCOUNTING, type AccountingRepositories } from "../../../application/accounting/accounting-store.js";
import type { AccountingConnection, AccountingSync } from "../../../domain/accounting/accounting-sync.js";
import { memoryFeatureStorage, memoryWorkspaceStore } from "../feature-storage.js";

/** Plain records keyed by workspace (and inquiry), so structuredClone can copy them for rollback. */
interface AccountingState {
  connections: Record<string, AccountingConnection>;
  syncs: Record<string, Record<string, AccountingSync>>;
}

/** Ids come from requests: `__proto__` must be an unknown id, not Object.prototype. */
const own = <T>(records: Record<string, T>, key: string): T | null => (Object.hasOwn(records, key) ? (records[key] as T) : null);

const newestFirst = (a: AccountingSync, b: AccountingSync) => b.createdAt.localeCompare(a.createdAt) || b.inquiryId.localeCompare(a.inquiryId);

export const accountingMemoryStorage = memoryFeatureStorage<AccountingState>({
  feature: "accounting",
  initialState: () => ({ connections: {}, syncs: {} }),
  workspaceStores: [
    memoryWorkspaceStore<AccountingState, AccountingRepositories>(ACCOUNTING, (state, workspaceId) => {
      const syncsOf = (): Record<string, AccountingSync> => (state().syncs[workspaceId] ??= {});
      return {
        findConnection: async () => structuredClone(own(state().connections, workspaceId)),
        saveConnection: async (connection) => {
          state().connections[workspaceId] = structuredClone({ ...connection, workspaceId });
        },
        findSync: async (inquiryId) => structuredClone(own(own(state().syncs, workspaceId) ?? {}, inquiryId)),
        saveSync: async (sync) => {
          syncsOf()[sync.inquiryId] = structuredClone({ ...sync, workspaceId });
        },
        listSyncs: async () => structuredClone(Object.values(state().syncs[workspaceId] ?? {}).sort(newestFirst)),
        listSyncsOfCustomer: async (customerId) =>
          structuredClone(Object.values(state().syncs[workspaceId] ?? {}).filter((sync) => sync.customerId === customerId).sort(newestFirst)),
      };
    }),
  ],
});
