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

/** Everything one use case may touch inside one workspace, in one transaction. */
export interface WorkspaceTransaction {
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
export interface SystemTransaction {
  readonly workspaces: WorkspaceRepository;
  readonly apiKeys: ApiKeyLookup;
  readonly outboxQueue: OutboxQueue;
  readonly signingKeys: SigningKeyRepository;
  /** Opens the workspace-bound view of the same transaction, e.g. to seed a new workspace. */
  within(workspaceId: string): WorkspaceTransaction;
}

/**
 * Runs work in one transaction. It commits when the work returns an `ok` result and rolls back
 * when it returns a failure or throws, so a use case cannot leave half its writes behind.
 */
export interface UnitOfWork {
  run<T, E>(workspaceId: string, work: (tx: WorkspaceTransaction) => Promise<Result<T, E>>): Promise<Result<T, E>>;
  runSystem<T, E>(work: (tx: SystemTransaction) => Promise<Result<T, E>>): Promise<Result<T, E>>;
}
