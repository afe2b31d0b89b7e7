import type { AccountingConnection, AccountingSync } from "../../domain/accounting/accounting-sync.js";
import { featureStore } from "../ports/feature-store.js";

/** A workspace's accounting connection and the sync record of each of its won inquiries. */
export interface AccountingRepositories {
  findConnection(): Promise<AccountingConnection | null>;
  saveConnection(connection: AccountingConnection): Promise<void>;
  findSync(inquiryId: string): Promise<AccountingSync | null>;
  /** Inserts or replaces the record of its inquiry. */
  saveSync(sync: AccountingSync): Promise<void>;
  /** Newest first. */
  listSyncs(): Promise<readonly AccountingSync[]>;
  listSyncsOfCustomer(customerId: string): Promise<readonly AccountingSync[]>;
}

export const ACCOUNTING = featureStore<AccountingRepositories>("accounting");
