import type { Result } from "../../domain/shared/result.js";
import type {
  ApiKeyLookup,
  ApiKeyRepository,
  CatalogRepository,
  CustomerRepository,
  InquiryRepository,
  Outbox,
  WorkspaceRepository,
} from "./repositories.js";
import type { AttachmentRepository, OrderRepository, TicketRepository } from "./intake-repositories.js";
import type { NotificationRepository, StaffRepository } from "./notification-repositories.js";
import type { OutboxQueue } from "./outbox-queue.js";
import type { PersonalDataStore } from "./personal-data.js";
import type { SigningKeyRepository } from "./signing-keys.js";
import type { IdempotencyRecords } from "./idempotency-records.js";
import type { FeatureStores } from "./feature-store.js";

/** Everything one use case may touch inside one workspace, in one transaction. */
export interface WorkspaceTransaction extends FeatureStores {
  readonly workspaceId: string;
  readonly customers: CustomerRepository;
  readonly inquiries: InquiryRepository;
  readonly catalog: CatalogRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly outbox: Outbox;
  readonly tickets: TicketRepository;
  readonly orders: OrderRepository;
  readonly attachments: AttachmentRepository;
  /** Workspaces are read-only here; the workspace itself is looked up through this. */
  readonly workspaces: Pick<WorkspaceRepository, "findById">;
  readonly staff: StaffRepository;
  readonly notifications: NotificationRepository;
  /** Finding and erasing everything about one person (export, erasure, retention). */
  readonly personalData: PersonalDataStore;
  /**
   * Runs part of the transaction so that a failure undoes only that part (a savepoint): a batch
   * import keeps its good rows when one row fails half-way.
   */
  savepoint<T, E>(work: () => Promise<Result<T, E>>): Promise<Result<T, E>>;
}

/** Cross-workspace operations: creating workspaces, resolving an API key to its workspace. */
export interface SystemTransaction extends FeatureStores {
  readonly workspaces: WorkspaceRepository;
  readonly apiKeys: ApiKeyLookup;
  readonly outboxQueue: OutboxQueue;
  readonly signingKeys: SigningKeyRepository;
  readonly idempotency: IdempotencyRecords;
  /** Opens the workspace-bound view of the same transaction, e.g. to seed a new workspace. */
  within(workspaceId: string): WorkspaceTransaction;
}

/**
 * What a query may see inside one workspace: the repositories of a workspace transaction without
 * their writing methods, bound to the workspace the same way.
 */
export interface WorkspaceReader extends FeatureStores {
  readonly workspaceId: string;
  readonly customers: Pick<CustomerRepository, "findById" | "findByEmailKey" | "findByNameKey" | "list">;
  readonly inquiries: Pick<InquiryRepository, "findById" | "findByExternalRef" | "list" | "count">;
  readonly catalog: Pick<CatalogRepository, "findByKey" | "findById" | "list">;
  readonly apiKeys: Pick<ApiKeyRepository, "findById" | "list">;
  readonly tickets: Pick<TicketRepository, "findById" | "list">;
  readonly orders: Pick<OrderRepository, "findById" | "list">;
  readonly attachments: Pick<AttachmentRepository, "findById" | "listByInquiry">;
  readonly workspaces: Pick<WorkspaceRepository, "findById">;
  readonly staff: Pick<StaffRepository, "findById" | "findByEmail" | "list">;
  readonly notifications: Pick<NotificationRepository, "findById" | "list" | "countUnread">;
}

/** The cross-workspace lookups a query needs: authentication, the workspace list, the outbox list. */
export interface SystemReader extends FeatureStores {
  readonly workspaces: Pick<WorkspaceRepository, "findById" | "findByName" | "list">;
  readonly apiKeys: Pick<ApiKeyLookup, "findByHash" | "findById" | "listAll">;
  readonly outboxQueue: Pick<OutboxQueue, "findById" | "list">;
  readonly signingKeys: Pick<SigningKeyRepository, "find">;
}

/**
 * Runs work in one transaction. It commits when the work returns an `ok` result and rolls back
 * when it returns a failure or throws, so a use case cannot leave half its writes behind.
 *
 * `read`/`readSystem` are for queries: they see one consistent snapshot of committed data and
 * never wait for, or take, the write lock, so a long write elsewhere (an import in another process)
 * does not hold up reads. Everything that writes uses `run`/`runSystem`.
 *
 * `run`/`runSystem` reject with `StorageBusyError` when the write lock cannot be had within the
 * storage's configured wait; nothing of that work was written.
 */
export interface UnitOfWork {
  run<T, E>(workspaceId: string, work: (tx: WorkspaceTransaction) => Promise<Result<T, E>>): Promise<Result<T, E>>;
  runSystem<T, E>(work: (tx: SystemTransaction) => Promise<Result<T, E>>): Promise<Result<T, E>>;
  read<T, E>(workspaceId: string, work: (tx: WorkspaceReader) => Promise<Result<T, E>>): Promise<Result<T, E>>;
  readSystem<T, E>(work: (tx: SystemReader) => Promise<Result<T, E>>): Promise<Result<T, E>>;
}

/**
 * The storage is locked by another writer (a second process, a backup) for longer than the
 * configured wait. An infrastructure condition, not a bug: the caller may try again later.
 */
export class StorageBusyError extends Error {
  constructor(
    /** A sensible pause before trying again, in whole seconds. */
    readonly retryAfterSeconds: number,
  ) {
    super("the database is locked by another writer; try again shortly");
    this.name = "StorageBusyError";
  }
}

/**
 * The storage cannot be reached (a database server restarting, a connection lost mid-way). What
 * the interrupted work wrote was not committed; the caller may try again after the pause.
 */
export class StorageUnavailableError extends Error {
  constructor(
    /** A sensible pause before trying again, in whole seconds. */
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super("the database cannot be reached right now; try again shortly", options);
    this.name = "StorageUnavailableError";
  }
}
