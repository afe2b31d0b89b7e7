import "reflect-metadata";
import type { ApiKeyView, CreateApiKeyInput } from "../application/access/api-keys.js";
import type { CatalogEntryView } from "../application/catalog/list-catalog.js";
import type { ListCustomersInput } from "../application/customers/customer-queries.js";
import type { UpdateCustomerInput } from "../application/customers/customer-schemas.js";
import type { ErasureReport } from "../application/customers/erase-customer.js";
import type { ChangeRetentionInput, RetentionView } from "../application/retention/retention-settings.js";
import type { RetentionReport } from "../application/retention/run-retention.js";
import type { PersonalDataExport } from "../application/customer-records/export-view.js";
import type { CustomerView } from "../application/customers/customer-view.js";
import type { CustomerRecordView } from "../application/customer-records/customer-record-view.js";
import type { CreateInquiryInput, ListInquiriesInput, UpdateInquiryInput } from "../application/inquiries/inquiry-schemas.js";
import type { InquiryView } from "../application/inquiries/inquiry-view.js";
import type { Clock } from "../application/ports/clock.js";
import { DEFAULT_WORKSPACE_NAME, type Workspace } from "../domain/workspace/workspace.js";
import type { Failure } from "../domain/shared/failure.js";
import type { Result } from "../domain/shared/result.js";
import { compose, resolveUseCases, type Composition, type UseCases } from "./container.js";
import type { ModuleLibrary } from "./modules/index.js";
import type { WebLeadInput, WebLeadReceipt } from "../application/intake/web-lead.js";
import type { ListOrdersInput } from "../application/orders/orders.js";
import type { OrderView } from "../application/orders/order-view.js";
import type { ListTicketsInput } from "../application/tickets/tickets.js";
import type { TicketView } from "../application/tickets/ticket-view.js";
import type { AddStaffInput, StaffView, UpdateStaffInput } from "../application/staff/staff-members.js";
import type { ListNotificationsInput, NotificationView } from "../application/notifications/notification-use-cases.js";
import type { DispatchReport } from "../application/outbox/dispatch-outbox.js";
import type { OutboxMessage, OutboxStatus } from "../application/ports/outbox-queue.js";
import { DEFAULT_MAIL_FROM, defaultNotificationConfig } from "./notification-config.js";
import type { ImportSummary } from "../application/import/import-rows.js";
import type { StreamImportOptions } from "../adapters/spreadsheet/spreadsheet-import.js";
import { libraryDataDir } from "./library-attachments.js";
import type { ChangeScoreWeightsInput, ScoreWeightsView } from "../application/workspaces/score-weights.js";
import type { RescoreSummary } from "../application/inquiries/rescore-inquiries.js";

export type { Failure, FieldIssue } from "../domain/shared/failure.js";
export type { Result } from "../domain/shared/result.js";
export type { CustomerView, CustomerRecordView, InquiryView, CatalogEntryView, ApiKeyView };
export type { TicketView, OrderView, ListTicketsInput, ListOrdersInput, WebLeadInput, WebLeadReceipt };
export type { CreateInquiryInput, UpdateInquiryInput, ListInquiriesInput, ListCustomersInput, CreateApiKeyInput };
export type { UpdateCustomerInput, PersonalDataExport, ErasureReport, RetentionView, ChangeRetentionInput, RetentionReport };
export type { StaffView, AddStaffInput, UpdateStaffInput, NotificationView, ListNotificationsInput, DispatchReport, OutboxMessage };
export type { ImportSummary, StreamImportOptions };
export type { ScoreWeightsView, ChangeScoreWeightsInput, RescoreSummary };
export type { LibraryRateLimit } from "./modules/rate-limits.module.js";
export type { ApiKeyRateView } from "../application/workspaces/api-key-rate-settings.js";
export type { AttachmentView, AttachmentDownloadView, LibraryAttachments, NewAttachment } from "./library-attachments.js";
export type { LibraryExport } from "./library-export.js";
export type { InquiryWrite } from "./modules/records.module.js";

export interface LeadportOptions {
  /**
   * A SQLite file path, ":memory:" for a private SQLite database, "memory" for the pure in-memory
   * adapter, or a postgres:// URL for a PostgreSQL database other instances may share (migrated on open).
   */
  readonly database: string;
  /** On PostgreSQL: the schema the tables live in (created when missing). Default "public". */
  readonly databaseSchema?: string;
  /** The workspace the returned use cases act in; created on first use. Default "default". */
  readonly workspace?: string;
  readonly clock?: Clock;
  /** Staff mail: SMTP when `smtpUrl` is set, else .eml files in `directory` (default ./data/mail). */
  readonly mail?: { readonly smtpUrl?: string; readonly from?: string; readonly directory?: string };
  /** Attachment files go to `<dataDir>/attachments`. Default: the database file's directory; in memory for "memory", ":memory:" and PostgreSQL. */
  readonly dataDir?: string;
  /** Most items one call may name at once (the customers of one merge), as LEADPORT_MAX_BULK_ITEMS does for the server. Default 1000. */
  readonly maxBulkItems?: number;
}

/** The core's part of a workspace's API; each feature module adds its own sections (ModuleLibrary). */
export interface CoreWorkspaceApi {
  readonly workspace: { readonly id: string; readonly name: string };
}

export type WorkspaceApi = CoreWorkspaceApi & ModuleLibrary;

/** A library handle: the default workspace's API, plus what spans workspaces. */
export type Leadport = WorkspaceApi & LeadportControl;

export interface LeadportControl {
  /** The same use cases bound to another workspace (created on first use). */
  forWorkspace(name: string): Promise<WorkspaceApi>;
  readonly workspaces: {
    create(name: string): Promise<Result<Workspace, Failure>>;
    list(): Promise<Result<readonly Workspace[], Failure>>;
  };
  /** Delivery of notifications and mails; an embedding application calls `runOnce()` when it suits it. */
  readonly outbox: {
    runOnce(): Promise<Result<DispatchReport, Failure>>;
    list(query?: { status?: OutboxStatus; limit?: number }): Promise<Result<readonly OutboxMessage[], Failure>>;
    retry(id: string): Promise<Result<OutboxMessage, Failure>>;
    retryAllFailed(): Promise<Result<{ requeued: number }, Failure>>;
  };
  close(): Promise<void>;
}

async function ensureWorkspace(useCases: UseCases, name: string): Promise<Workspace> {
  // A library caller holds the data in its own hands and needs no API key: none is issued.
  const opened = await useCases.openWorkspace.execute(name, { issueKey: false, createMissing: true });
  if (!opened.ok) throw new Error(`Cannot open workspace "${name}": ${opened.error.message}`);
  return opened.value.workspace;
}

/** The core's section and every module's, bound to one workspace. */
function bind(useCases: UseCases, workspace: Workspace, composition: Pick<Composition, "container" | "modules">): WorkspaceApi {
  const sections = composition.modules.map((module) => module.library?.({ container: composition.container, useCases, workspaceId: workspace.id }) ?? {});
  // Each module's section has its own type; ModuleLibrary is their intersection over the same list.
  return Object.assign(bindCore(workspace), ...sections) as WorkspaceApi;
}

function bindCore(workspace: Workspace): CoreWorkspaceApi {
  return { workspace: { id: workspace.id, name: workspace.name } };
}

/**
 * Embeds Leadport in another Node application: the same use cases, rules and storage as the
 * HTTP API and the CLI, without a server. Every call returns a `Result` instead of throwing for
 * expected failures (validation, not found).
 */
export async function createLeadport(options: LeadportOptions): Promise<Leadport> {
  const postgres = isPostgresUrl(options.database);
  const composition = compose({
    storage: postgres
      ? { kind: "postgres", url: options.database, schema: options.databaseSchema }
      : options.database === "memory"
        ? { kind: "memory" }
        : { kind: "sqlite", path: options.database },
    clock: options.clock,
    dataDir: postgres ? options.dataDir : libraryDataDir(options.database, options.dataDir),
    ...(options.maxBulkItems !== undefined ? { bulkLimits: { maxItems: options.maxBulkItems } } : {}),
    notifications: {
      ...defaultNotificationConfig("./data"),
      ...(options.mail?.directory ? { mailDirectory: options.mail.directory } : {}),
      smtpUrl: options.mail?.smtpUrl ?? null,
      mailFrom: options.mail?.from ?? DEFAULT_MAIL_FROM,
    },
  });
  const useCases = resolveUseCases(composition.container);
  const workspace = await ensureWorkspace(useCases, options.workspace ?? DEFAULT_WORKSPACE_NAME);
  return {
    ...bind(useCases, workspace, composition),
    forWorkspace: async (name) => bind(useCases, await ensureWorkspace(useCases, name), composition),
    workspaces: {
      create: (name) => useCases.createWorkspace.execute(name),
      list: () => useCases.listWorkspaces.execute(),
    },
    outbox: {
      runOnce: () => useCases.dispatchOutbox.execute(),
      list: (query) => useCases.listOutbox.execute(query),
      retry: (messageId) => useCases.retryOutboxMessage.execute(messageId),
      retryAllFailed: () => useCases.retryFailedOutboxMessages.execute(),
    },
    close: () => composition.close(),
  };
}

const isPostgresUrl = (database: string) => /^postgres(ql)?:\/\//i.test(database);
