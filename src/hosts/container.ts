import "reflect-metadata";
import { container as rootContainer, type DependencyContainer } from "tsyringe";
import type { Clock } from "../application/ports/clock.js";
import type { UnitOfWork } from "../application/ports/unit-of-work.js";
import { TOKENS } from "../application/tokens.js";
import { AuthenticateApiKey } from "../application/access/authenticate-api-key.js";
import { CreateApiKey } from "../application/access/create-api-key.js";
import { ListApiKeys } from "../application/access/list-api-keys.js";
import { RevokeApiKey } from "../application/access/revoke-api-key.js";
import { ListCatalog } from "../application/catalog/list-catalog.js";
import { GetCustomer } from "../application/customers/get-customer.js";
import { ListCustomers } from "../application/customers/list-customers.js";
import { resolveCustomerUseCases } from "./customer-wiring.js";
import type { StorageScrubber } from "../application/ports/personal-data.js";
import { SqliteStorageScrubber } from "../adapters/sqlite/sqlite-personal-data.js";
import { MemoryStorageScrubber } from "../adapters/memory/memory-storage-scrubber.js";
import { EmlMailArchive } from "../adapters/mail/eml-mail-archive.js";
import { CreateInquiry } from "../application/inquiries/create-inquiry.js";
import { ReleaseInquiry } from "../application/inquiries/release-inquiry.js";
import { DeleteInquiry } from "../application/inquiries/delete-inquiry.js";
import { GetInquiry } from "../application/inquiries/get-inquiry.js";
import { ListInquiries } from "../application/inquiries/list-inquiries.js";
import { UpdateInquiry } from "../application/inquiries/update-inquiry.js";
import { ImportRows } from "../application/import/import-rows.js";
import { BootstrapFirstWorkspace } from "../application/workspaces/bootstrap-first-workspace.js";
import { OpenWorkspace } from "../application/workspaces/open-workspace.js";
import { CreateWorkspace } from "../application/workspaces/create-workspace.js";
import { FindWorkspace } from "../application/workspaces/find-workspace.js";
import { ListWorkspaces } from "../application/workspaces/list-workspaces.js";
import { IsFormOriginAllowed } from "../application/forms/form-origins.js";
import { SubmitFormInquiry } from "../application/forms/submit-form-inquiry.js";
import { ChangeCatalogEntry } from "../application/catalog/change-catalog-entry.js";
import { DeleteCatalogEntry } from "../application/catalog/delete-catalog-entry.js";
import { MergeCatalogEntry } from "../application/catalog/merge-catalog-entry.js";
import { ExportCustomers } from "../application/export/export-customers.js";
import { ExportInquiries } from "../application/export/export-inquiries.js";
import type { CatalogServices } from "../adapters/http/catalog-routes.js";
import type { ExportServices } from "../adapters/http/export-routes.js";
import type { RecordServices } from "../adapters/http/record-routes.js";
import type { FormServices } from "../adapters/http/forms/form-routes.js";
import { MemoryUnitOfWork } from "../adapters/memory/memory-unit-of-work.js";
import { SqliteDatabase } from "../adapters/sqlite/sqlite-database.js";
import { DEFAULT_LOCK_WAIT_MS, SqliteUnitOfWork } from "../adapters/sqlite/sqlite-unit-of-work.js";
import { CryptoSecrets } from "../adapters/system/crypto-secrets.js";
import { SystemClock } from "../adapters/system/system-clock.js";
import { UuidV7Ids } from "../adapters/system/uuid-v7-ids.js";
import { blobStoreFor, resolveIntakeUseCases } from "./intake-wiring.js";
import { CommitSignalingUnitOfWork } from "../adapters/shared/commit-signaling-unit-of-work.js";
import { AddStaffMember } from "../application/staff/add-staff-member.js";
import { GetStaffMember } from "../application/staff/get-staff-member.js";
import { ListStaff } from "../application/staff/list-staff.js";
import { RemoveStaffMember } from "../application/staff/remove-staff-member.js";
import { UpdateStaffMember } from "../application/staff/update-staff-member.js";
import { ListNotifications } from "../application/notifications/list-notifications.js";
import { MarkAllNotificationsRead } from "../application/notifications/mark-all-notifications-read.js";
import { MarkNotificationRead } from "../application/notifications/mark-notification-read.js";
import { DispatchOutbox } from "../application/outbox/dispatch-outbox.js";
import { ListOutboxMessages } from "../application/outbox/list-outbox-messages.js";
import { RetryOutboxMessage } from "../application/outbox/retry-outbox-message.js";
import { RetryFailedOutboxMessages } from "../application/outbox/retry-failed-outbox-messages.js";
import { SetWorkspaceLocale } from "../application/workspaces/set-workspace-locale.js";
import { defaultNotificationConfig, type NotificationConfig } from "./notification-config.js";
import { registerNotifications, type NotificationWiring } from "./notification-wiring.js";
import { registerOutboxHandlers } from "./outbox-wiring.js";
import { registerPersonalDataSections } from "./personal-data-wiring.js";
import { IssueStreamToken } from "../application/notifications/issue-stream-token.js";
import { VerifyStreamToken } from "../application/notifications/verify-stream-token.js";
import { OpenRecordLink } from "../application/notifications/record-links.js";
import { HmacSigner } from "../adapters/system/hmac-signer.js";
import { MacrotaskScheduler } from "../adapters/system/macrotask-scheduler.js";
import { GetScoreWeights } from "../application/workspaces/get-score-weights.js";
import { SetScoreWeights } from "../application/workspaces/set-score-weights.js";
import { RescoreInquiries } from "../application/inquiries/rescore-inquiries.js";
import { ClaimIdempotencyKey } from "../application/idempotency/claim-idempotency-key.js";
import { FinishIdempotentRequest } from "../application/idempotency/finish-idempotent-request.js";
import { DEFAULT_ATTACHMENT_QUOTAS, type AttachmentQuotas } from "../application/attachments/attachments.js";
import { SetApiKeyOrigins } from "../application/access/set-api-key-origins.js";
import { DEFAULT_BULK_LIMITS, type BulkLimits } from "../application/shared/bulk-limits.js";
import type { FeatureModule, ModuleSetup } from "./modules/feature-module.js";
import { FEATURE_MODULES } from "./modules/index.js";
import { PostgresDatabase, latestPostgresVersion } from "../adapters/postgres/postgres-database.js";
import { POSTGRES_MIGRATIONS } from "../adapters/postgres/migrations.js";
import { RACED_UNIQUE_CONSTRAINTS } from "../adapters/postgres/retry-constraints.js";
import { latestVersion } from "../adapters/sqlite/migrations.js";
import { PostgresUnitOfWork } from "../adapters/postgres/postgres-unit-of-work.js";
import { PostgresStorageScrubber } from "../adapters/postgres/postgres-personal-data.js";
import type { PostgresFeatureStorage } from "../adapters/postgres/feature-storage.js";
import type { LeadportConfig } from "./config.js";

export type StorageChoice =
  | { readonly kind: "sqlite"; readonly path: string }
  | { readonly kind: "memory" }
  /** A PostgreSQL server several instances share; `schema` defaults to public. */
  | { readonly kind: "postgres"; readonly url: string; readonly schema?: string };

/** The storage the configuration names: PostgreSQL when a database URL is set, else the SQLite file. */
export function configuredStorage(config: Pick<LeadportConfig, "database" | "postgres">): StorageChoice {
  return config.postgres ? { kind: "postgres", url: config.postgres.url, schema: config.postgres.schema } : { kind: "sqlite", path: config.database };
}

/** A feature module that cannot run on PostgreSQL: the hosts refuse to start rather than fail on its first request. */
export class MissingPostgresStorageError extends Error {
  constructor(readonly modules: readonly string[]) {
    super(
      `the feature module${modules.length > 1 ? "s" : ""} ${modules.map((name) => `"${name}"`).join(", ")} ` +
        `${modules.length > 1 ? "have" : "has"} no PostgreSQL storage; run on SQLite (unset LEADPORT_DATABASE_URL) or leave ${modules.length > 1 ? "them" : "it"} out`,
    );
    this.name = "MissingPostgresStorageError";
  }
}

/** How a process waits for the write lock another process holds (docs/adr/0006). */
export interface LockPolicy {
  /** Blocking wait inside SQLite per attempt; it holds the event loop, so a server keeps it tiny. */
  readonly busyTimeoutMs: number;
  /** Total wait before a write gives up with StorageBusyError (HTTP 503). */
  readonly waitMs: number;
  /** After a transaction, keep the lock free up to this long so a server beside gets its turn. */
  readonly shareMs: number;
}

/** A process that answers requests: a few milliseconds of blocking per attempt, retried on timers. */
export function servingLockPolicy(waitMs: number = DEFAULT_LOCK_WAIT_MS): LockPolicy {
  return { busyTimeoutMs: 5, waitMs, shareMs: 0 };
}

/**
 * A one-shot command (the CLI): it waits for the lock much longer than a server, but polls for it
 * the same way — SQLite's own busy handler sleeps up to 100 ms between attempts and so loses every
 * time to a server writing steadily. Between its transactions (an import's batches) it leaves the
 * lock free for longer than a server's poll period (5 ms busy timeout + at most 10 ms pause), so
 * the server's requests get in.
 */
export const COMMAND_LOCK_POLICY: LockPolicy = { busyTimeoutMs: 5, waitMs: 60_000, shareMs: 20 };

export interface ContainerOptions {
  readonly storage: StorageChoice;
  /** Default: the serving policy with its default wait. */
  readonly lock?: LockPolicy;
  readonly clock?: Clock;
  /** Run pending migrations when the database opens (default true). */
  readonly migrate?: boolean;
  /** Where files (attachments) are kept; without it they stay in memory. */
  readonly dataDir?: string;
  /** Mail, outbox timings and links; defaults write .eml files under ./data/mail. */
  readonly notifications?: NotificationConfig;
  /** A live notification that could not be passed to other instances (PostgreSQL); the server logs it. */
  readonly onFeedError?: (error: unknown, context: string) => void;
  /** Called after each committed workspace transaction (the server nudges its outbox worker). */
  readonly onCommit?: () => void;
  /** Attachments per inquiry and bytes per workspace; defaults in DEFAULT_ATTACHMENT_QUOTAS. */
  readonly attachmentQuotas?: AttachmentQuotas;
  /** Items per request or command where many are named at once; default DEFAULT_BULK_LIMITS. */
  readonly bulkLimits?: BulkLimits;
  /** The feature modules to wire; default all of FEATURE_MODULES. */
  readonly modules?: readonly FeatureModule<object>[];
  /** Where modules read their settings; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface Composition {
  readonly container: DependencyContainer;
  readonly sqlite: SqliteDatabase | null;
  readonly postgres: PostgresDatabase | null;
  /** The same questions asked of whichever database the composition opened. */
  readonly database: StorageHandle;
  readonly notifications: NotificationWiring;
  /** The feature modules wired into this container. */
  readonly modules: readonly FeatureModule<object>[];
  /**
   * Closes the mailer and the database. A SQLite file is closed before this returns; the promise
   * settles once a PostgreSQL pool has ended its connections.
   */
  close(): Promise<void>;
}

/** What the hosts need of a database without caring which one it is. */
export interface StorageHandle {
  readonly kind: StorageChoice["kind"];
  /** Null when the database answers and its schema is current; else why not (/readyz). */
  readiness(): Promise<string | null>;
  /** Applies pending migrations; the core's versions applied, each feature's, and the schema version now. */
  migrate(): Promise<{ core: number[]; features: Array<{ feature: string; version: number }>; schemaVersion: number }>;
}

/** Wires ports to adapters in a child container of its own; nothing touches the global container. */
export function compose(options: ContainerOptions): Composition {
  const container = rootContainer.createChildContainer();
  const modules = options.modules ?? FEATURE_MODULES;
  const storages = modules.flatMap((module) => (module.storage ? [module.storage] : []));
  let sqlite: SqliteDatabase | null = null;
  let postgres: PostgresDatabase | null = null;
  let unitOfWork: UnitOfWork;
  let scrubber: StorageScrubber;
  if (options.storage.kind === "postgres") {
    const features = postgresFeatures(modules);
    postgres = new PostgresDatabase({
      url: options.storage.url,
      schema: options.storage.schema,
      migrate: options.migrate,
      features,
      retryOnConstraints: [...RACED_UNIQUE_CONSTRAINTS, ...features.flatMap((feature) => feature.retryOnConstraints ?? [])],
    });
    unitOfWork = new PostgresUnitOfWork(postgres, { features });
    scrubber = new PostgresStorageScrubber(postgres);
  } else if (options.storage.kind === "sqlite") {
    const lock = options.lock ?? servingLockPolicy();
    const features = storages.map((storage) => storage.sqlite);
    sqlite = new SqliteDatabase({ path: options.storage.path, migrate: options.migrate, busyTimeoutMs: lock.busyTimeoutMs, features });
    const sqliteUnitOfWork = new SqliteUnitOfWork(sqlite, { lockWaitMs: lock.waitMs, lockShareMs: lock.shareMs, features });
    unitOfWork = sqliteUnitOfWork;
    scrubber = new SqliteStorageScrubber(sqlite, sqliteUnitOfWork);
  } else {
    unitOfWork = new MemoryUnitOfWork(storages.map((storage) => storage.memory));
    scrubber = new MemoryStorageScrubber();
  }
  if (options.onCommit) unitOfWork = new CommitSignalingUnitOfWork(unitOfWork, options.onCommit);
  container.registerInstance(TOKENS.UnitOfWork, unitOfWork);
  container.registerInstance(TOKENS.Clock, options.clock ?? new SystemClock());
  container.registerInstance(TOKENS.Ids, new UuidV7Ids());
  container.registerInstance(TOKENS.Secrets, new CryptoSecrets());
  container.registerInstance(TOKENS.MessageSigner, new HmacSigner());
  container.registerInstance(TOKENS.Scheduler, new MacrotaskScheduler());
  // Adapters several features share stay here; a feature's own adapters are its module's `register`.
  container.registerInstance(TOKENS.BlobStore, blobStoreFor(options.dataDir));
  container.registerInstance(TOKENS.BulkLimits, options.bulkLimits ?? DEFAULT_BULK_LIMITS);
  const notificationConfig = options.notifications ?? defaultNotificationConfig(options.dataDir ?? "./data");
  const notifications = registerNotifications(container, notificationConfig, postgres, options.onFeedError);
  container.registerInstance(TOKENS.StorageScrubber, scrubber);
  container.registerInstance(TOKENS.MailArchive, new EmlMailArchive(notificationConfig.mailDirectory));
  const setup: ModuleSetup = {
    env: options.env ?? process.env,
    dataDir: options.dataDir ?? "./data",
    storage: options.storage.kind,
    notifications: notificationConfig,
    attachmentQuotas: options.attachmentQuotas ?? DEFAULT_ATTACHMENT_QUOTAS,
  };
  for (const module of modules) module.register?.(container, setup);
  registerOutboxHandlers(container, modules);
  registerPersonalDataSections(container, modules);
  return {
    container,
    sqlite,
    postgres,
    database: storageHandle(options.storage.kind, sqlite, postgres),
    notifications,
    modules,
    close: async () => {
      // The SQLite file closes before the first await: callers that do not wait still find it closed.
      const feedClosed = notifications.close();
      sqlite?.close();
      container.clearInstances();
      await feedClosed;
      await postgres?.close();
    },
  };
}

/** Each module's PostgreSQL storage; a module with storage but none for PostgreSQL stops the start. */
function postgresFeatures(modules: readonly FeatureModule<object>[]): PostgresFeatureStorage[] {
  const missing = modules.filter((module) => module.storage && !module.storage.postgres).map((module) => module.name);
  if (missing.length > 0) throw new MissingPostgresStorageError(missing);
  return modules.flatMap((module) => (module.storage?.postgres ? [module.storage.postgres] : []));
}

function storageHandle(kind: StorageChoice["kind"], sqlite: SqliteDatabase | null, postgres: PostgresDatabase | null): StorageHandle {
  if (postgres) {
    return {
      kind,
      readiness: () => postgres.readiness(),
      migrate: async () => ({ ...(await postgres.migrate()), schemaVersion: latestPostgresVersion(POSTGRES_MIGRATIONS) }),
    };
  }
  if (sqlite) {
    return {
      kind,
      readiness: async () => sqlite.readiness(),
      migrate: async () => ({ ...sqlite.migrate(), schemaVersion: latestVersion() }),
    };
  }
  return { kind, readiness: async () => null, migrate: async () => ({ core: [], features: [], schemaVersion: 0 }) };
}

/** Every use case this host offers, resolved once. */
export function resolveUseCases(container: DependencyContainer) {
  return {
    authenticate: container.resolve(AuthenticateApiKey),
    createInquiry: container.resolve(CreateInquiry),
    updateInquiry: container.resolve(UpdateInquiry),
    deleteInquiry: container.resolve(DeleteInquiry),
    releaseInquiry: container.resolve(ReleaseInquiry),
    getInquiry: container.resolve(GetInquiry),
    listInquiries: container.resolve(ListInquiries),
    getCustomer: container.resolve(GetCustomer),
    listCustomers: container.resolve(ListCustomers),
    ...resolveCustomerUseCases(container),
    listCatalog: container.resolve(ListCatalog),
    exportInquiries: container.resolve(ExportInquiries),
    exportCustomers: container.resolve(ExportCustomers),
    changeCatalogEntry: container.resolve(ChangeCatalogEntry),
    mergeCatalogEntry: container.resolve(MergeCatalogEntry),
    deleteCatalogEntry: container.resolve(DeleteCatalogEntry),
    createApiKey: container.resolve(CreateApiKey),
    listApiKeys: container.resolve(ListApiKeys),
    revokeApiKey: container.resolve(RevokeApiKey),
    createWorkspace: container.resolve(CreateWorkspace),
    listWorkspaces: container.resolve(ListWorkspaces),
    findWorkspace: container.resolve(FindWorkspace),
    bootstrap: container.resolve(BootstrapFirstWorkspace),
    openWorkspace: container.resolve(OpenWorkspace),
    submitFormInquiry: container.resolve(SubmitFormInquiry),
    isFormOriginAllowed: container.resolve(IsFormOriginAllowed),
    ...resolveIntakeUseCases(container),
    setWorkspaceLocale: container.resolve(SetWorkspaceLocale),
    addStaff: container.resolve(AddStaffMember),
    updateStaff: container.resolve(UpdateStaffMember),
    removeStaff: container.resolve(RemoveStaffMember),
    getStaff: container.resolve(GetStaffMember),
    listStaff: container.resolve(ListStaff),
    listNotifications: container.resolve(ListNotifications),
    markNotificationRead: container.resolve(MarkNotificationRead),
    markAllNotificationsRead: container.resolve(MarkAllNotificationsRead),
    dispatchOutbox: container.resolve(DispatchOutbox),
    listOutbox: container.resolve(ListOutboxMessages),
    retryOutboxMessage: container.resolve(RetryOutboxMessage),
    retryFailedOutboxMessages: container.resolve(RetryFailedOutboxMessages),
    importRows: container.resolve(ImportRows),
    issueStreamToken: container.resolve(IssueStreamToken),
    verifyStreamToken: container.resolve(VerifyStreamToken),
    openRecordLink: container.resolve(OpenRecordLink),
    getScoreWeights: container.resolve(GetScoreWeights),
    setScoreWeights: container.resolve(SetScoreWeights),
    rescoreInquiries: container.resolve(RescoreInquiries),
    claimIdempotencyKey: container.resolve(ClaimIdempotencyKey),
    finishIdempotentRequest: container.resolve(FinishIdempotentRequest),
    setApiKeyOrigins: container.resolve(SetApiKeyOrigins),
  } satisfies RecordServices & CatalogServices & ExportServices & FormServices & Record<string, unknown>;
}

export type UseCases = ReturnType<typeof resolveUseCases>;
