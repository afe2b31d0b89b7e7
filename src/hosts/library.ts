import "reflect-metadata";
import type { IssuedApiKey } from "../application/access/api-key-use-cases.js";
import { toApiKeyView, type ApiKeyView, type CreateApiKeyInput } from "../application/access/api-key-use-cases.js";
import { toCatalogEntryView, type CatalogEntryView } from "../application/catalog/list-catalog.js";
import type { ListCustomersInput } from "../application/customers/customer-queries.js";
import type { UpdateCustomerInput } from "../application/customers/customer-schemas.js";
import type { ErasureReport } from "../application/customers/erase-customer.js";
import type { ChangeRetentionInput, RetentionView } from "../application/retention/retention-settings.js";
import type { RetentionReport } from "../application/retention/run-retention.js";
import { toPersonalDataExport, type PersonalDataExport } from "../application/customers/export-view.js";
import {
  toCustomerRecordView,
  toCustomerView,
  type CustomerRecordView,
  type CustomerView,
  type DuplicateListView,
} from "../application/customers/customer-view.js";
import type { CreateInquiryInput, ListInquiriesInput, UpdateInquiryInput } from "../application/inquiries/inquiry-schemas.js";
import { toInquiryView, type InquiryView } from "../application/inquiries/inquiry-view.js";
import type { InquiryWriteOutcome } from "../application/inquiries/update-inquiry.js";
import type { Clock } from "../application/ports/clock.js";
import { DEFAULT_WORKSPACE_NAME, type Workspace } from "../domain/workspace/workspace.js";
import type { Failure } from "../domain/shared/failure.js";
import { ok, type Result } from "../domain/shared/result.js";
import { compose, resolveUseCases, type Composition, type UseCases } from "./container.js";
import type { ModuleLibrary } from "./modules/index.js";
import type { WebLeadInput, WebLeadReceipt } from "../application/intake/web-lead.js";
import type { ListOrdersInput } from "../application/orders/order-use-cases.js";
import { toOrderView, type OrderView } from "../application/orders/order-view.js";
import type { ListTicketsInput } from "../application/tickets/ticket-use-cases.js";
import { toTicketView, type TicketView } from "../application/tickets/ticket-view.js";
import { toStaffView, type AddStaffInput, type StaffView, type UpdateStaffInput } from "../application/staff/staff-use-cases.js";
import { toNotificationView, type ListNotificationsInput, type NotificationView } from "../application/notifications/notification-use-cases.js";
import type { DispatchReport } from "../application/outbox/dispatch-outbox.js";
import type { OutboxMessage, OutboxStatus } from "../application/ports/outbox-queue.js";
import { DEFAULT_MAIL_FROM, defaultNotificationConfig } from "./notification-config.js";
import type { ImportSummary } from "../application/import/import-rows.js";
import { importSpreadsheetStream, type StreamImportOptions } from "../adapters/spreadsheet/spreadsheet-import.js";
import { bindExport, type LibraryExport } from "./library-export.js";
import { bindAttachments, libraryDataDir, type LibraryAttachments } from "./library-attachments.js";
import { bindRateLimit, type LibraryRateLimit } from "./library-rate-limit.js";
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
export type { LibraryRateLimit };
export type { ApiKeyRateView } from "../application/workspaces/api-key-rate-settings.js";
export type { AttachmentView, AttachmentDownloadView, LibraryAttachments, NewAttachment } from "./library-attachments.js";

export interface LeadportOptions {
  /** A SQLite file path, ":memory:" for a private SQLite database, or "memory" for the pure in-memory adapter. */
  readonly database: string;
  /** The workspace the returned use cases act in; created on first use. Default "default". */
  readonly workspace?: string;
  readonly clock?: Clock;
  /** Staff mail: SMTP when `smtpUrl` is set, else .eml files in `directory` (default ./data/mail). */
  readonly mail?: { readonly smtpUrl?: string; readonly from?: string; readonly directory?: string };
  /** Attachment files go to `<dataDir>/attachments`. Default: the database file's directory; in memory for "memory" and ":memory:". */
  readonly dataDir?: string;
  /** Most items one call may name at once (the customers of one merge), as LEADPORT_MAX_BULK_ITEMS does for the server. Default 1000. */
  readonly maxBulkItems?: number;
}

export interface InquiryWrite {
  readonly inquiry: InquiryView;
  readonly outcome: InquiryWriteOutcome;
}

/** The core's part of a workspace's API; each feature module adds its own section (ModuleLibrary). */
export interface CoreWorkspaceApi {
  readonly workspace: { readonly id: string; readonly name: string };
  readonly inquiries: {
    create(input: CreateInquiryInput): Promise<Result<InquiryWrite, Failure>>;
    update(id: string, input: UpdateInquiryInput): Promise<Result<InquiryWrite, Failure>>;
    delete(id: string): Promise<Result<void, Failure>>;
    get(id: string): Promise<Result<InquiryView, Failure>>;
    list(query?: ListInquiriesInput): Promise<Result<{ items: InquiryView[]; nextCursor: string | null; total: number }, Failure>>;
  };
  readonly customers: {
    /** The customer with its inquiries, tickets and orders. */
    get(id: string): Promise<Result<CustomerRecordView, Failure>>;
    list(query?: ListCustomersInput): Promise<Result<{ items: CustomerView[]; nextCursor: string | null }, Failure>>;
    /** Fields given are changed, `null` clears one; the matching keys follow. */
    update(id: string, input: UpdateCustomerInput): Promise<Result<CustomerView, Failure>>;
    /** Refused (conflict) while inquiries, tickets or orders refer to the customer. */
    delete(id: string): Promise<Result<void, Failure>>;
    /** Groups of customers that look like one person, with the reasons. */
    duplicates(): Promise<Result<DuplicateListView["items"], Failure>>;
    /** Merges the customers `from` into `keepId`; repeating a merge changes nothing. */
    merge(keepId: string, from: readonly string[]): Promise<Result<CustomerRecordView, Failure>>;
    /** Everything held about the person (GDPR Art. 15/20), as one JSON-ready document. */
    export(id: string): Promise<Result<PersonalDataExport, Failure>>;
    /** Erases the person everywhere (GDPR Art. 17); answers what was removed, by count. */
    erase(id: string): Promise<Result<ErasureReport, Failure>>;
  };
  /** A website's ticket or web order, with the rules of the web-to-CRM endpoint. */
  readonly webLeads: { submit(input: WebLeadInput): Promise<Result<WebLeadReceipt, Failure>> };
  readonly tickets: {
    list(query?: ListTicketsInput): Promise<Result<{ items: TicketView[]; nextCursor: string | null }, Failure>>;
    get(id: string): Promise<Result<TicketView, Failure>>;
    close(id: string): Promise<Result<TicketView, Failure>>;
  };
  readonly orders: {
    list(query?: ListOrdersInput): Promise<Result<{ items: OrderView[]; nextCursor: string | null }, Failure>>;
    get(id: string): Promise<Result<OrderView, Failure>>;
    accept(id: string): Promise<Result<OrderView, Failure>>;
    reject(id: string): Promise<Result<OrderView, Failure>>;
  };
  readonly statuses: { list(): Promise<Result<CatalogEntryView[], Failure>> };
  readonly sources: { list(): Promise<Result<CatalogEntryView[], Failure>> };
  readonly keys: {
    create(input: CreateApiKeyInput): Promise<Result<{ key: ApiKeyView; plainKey: string }, Failure>>;
    list(): Promise<Result<ApiKeyView[], Failure>>;
    revoke(id: string): Promise<Result<ApiKeyView, Failure>>;
  };
  /** Staff members are addressed by id or by e-mail. */
  readonly staff: {
    add(input: AddStaffInput): Promise<Result<StaffView, Failure>>;
    update(idOrEmail: string, input: UpdateStaffInput): Promise<Result<StaffView, Failure>>;
    remove(idOrEmail: string): Promise<Result<StaffView, Failure>>;
    get(idOrEmail: string): Promise<Result<StaffView, Failure>>;
    list(): Promise<Result<StaffView[], Failure>>;
  };
  readonly notifications: {
    list(staffId: string, query?: ListNotificationsInput): Promise<Result<{ items: NotificationView[]; unreadCount: number }, Failure>>;
    read(staffId: string, notificationId: string): Promise<Result<NotificationView, Failure>>;
    readAll(staffId: string): Promise<Result<{ marked: number }, Failure>>;
  };
  readonly import: {
    /** Imports a CSV, TSV or .xlsx byte stream (e.g. `fs.createReadStream`) exactly as `leadport import` does. */
    fromStream(stream: AsyncIterable<Buffer>, options: StreamImportOptions): Promise<Result<ImportSummary, Failure>>;
  };
  /** CSV (German Excel) or .xlsx exports that `import.fromStream` reads back. */
  readonly export: LibraryExport;
  /** Files of an inquiry. Deleting the inquiry deletes them; the files go on the next `outbox.runOnce()`. */
  readonly attachments: LibraryAttachments;
  /** How long the workspace keeps closed tickets, lost inquiries and delivered events; `run` applies it now (`dryRun` lists only). */
  readonly retention: {
    get(): Promise<Result<RetentionView, Failure>>;
    set(change: ChangeRetentionInput): Promise<Result<RetentionView, Failure>>;
    run(options?: { dryRun?: boolean }): Promise<Result<RetentionReport, Failure>>;
  };
  /** The workspace's lead-score weights; `set` takes a partial change, `rescore` applies them to existing inquiries. */
  readonly scoreWeights: {
    get(): Promise<Result<ScoreWeightsView, Failure>>;
    set(change: ChangeScoreWeightsInput): Promise<Result<ScoreWeightsView, Failure>>;
    rescore(): Promise<Result<RescoreSummary, Failure>>;
  };
  /** The workspace's own API rate limit per secret key (`perKey` null: the server default). */
  readonly rateLimit: LibraryRateLimit;
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

const map = <T, U, E>(result: Result<T, E>, f: (value: T) => U): Result<U, E> => (result.ok ? ok(f(result.value)) : result);

async function ensureWorkspace(useCases: UseCases, name: string): Promise<Workspace> {
  // A library caller holds the data in its own hands and needs no API key: none is issued.
  const found = await useCases.openWorkspace.execute(name, { issueKey: false });
  if (found.ok) return found.value.workspace;
  const created = await useCases.createWorkspace.execute(name);
  if (!created.ok) throw new Error(`Cannot open workspace "${name}": ${created.error.message}`);
  return created.value;
}

/** The core's section and every module's, bound to one workspace. */
function bind(useCases: UseCases, workspace: Workspace, composition: Pick<Composition, "container" | "modules">): WorkspaceApi {
  const sections = composition.modules.map((module) => module.library?.({ container: composition.container, useCases, workspaceId: workspace.id }) ?? {});
  // Each module's section has its own type; ModuleLibrary is their intersection over the same list.
  return Object.assign(bindCore(useCases, workspace), ...sections) as WorkspaceApi;
}

function bindCore(useCases: UseCases, workspace: Workspace): CoreWorkspaceApi {
  const id = workspace.id;
  const write = (r: Result<{ inquiry: Parameters<typeof toInquiryView>[0]; outcome: InquiryWriteOutcome }, Failure>) =>
    map(r, (v) => ({ inquiry: toInquiryView(v.inquiry), outcome: v.outcome }));
  return {
    workspace: { id, name: workspace.name },
    inquiries: {
      create: async (input) => write(await useCases.createInquiry.execute(id, input)),
      update: async (inquiryId, input) => write(await useCases.updateInquiry.execute(id, inquiryId, input)),
      delete: (inquiryId) => useCases.deleteInquiry.execute(id, inquiryId),
      get: async (inquiryId) => map(await useCases.getInquiry.execute(id, inquiryId), toInquiryView),
      list: async (query) =>
        map(await useCases.listInquiries.execute(id, query), (p) => ({ items: p.items.map(toInquiryView), nextCursor: p.nextCursor, total: p.total })),
    },
    customers: {
      get: async (customerId) => map(await useCases.getCustomer.execute(id, customerId), toCustomerRecordView),
      list: async (query) =>
        map(await useCases.listCustomers.execute(id, query), (p) => ({ items: p.items.map(toCustomerView), nextCursor: p.nextCursor })),
      update: async (customerId, input) => map(await useCases.updateCustomer.execute(id, customerId, input), toCustomerView),
      delete: (customerId) => useCases.deleteCustomer.execute(id, customerId),
      duplicates: async () =>
        map(await useCases.findDuplicateCustomers.execute(id), (groups) =>
          groups.map((group) => ({ reasons: group.reasons, customers: group.customers.map(toCustomerView) })),
        ),
      export: async (customerId) =>
        map(await useCases.exportCustomerData.execute(id, customerId), (exported) => toPersonalDataExport(exported.data, exported.exportedAt)),
      erase: (customerId) => useCases.eraseCustomer.execute(id, customerId),
      merge: async (keepId, from) => map(await useCases.mergeCustomers.execute(id, keepId, { from: [...from] }), toCustomerRecordView),
    },
    webLeads: { submit: (input) => useCases.submitWebLead.execute(id, input) },
    tickets: {
      list: async (query) =>
        map(await useCases.listTickets.execute(id, query), (p) => ({ items: p.items.map(toTicketView), nextCursor: p.nextCursor })),
      get: async (ticketId) => map(await useCases.getTicket.execute(id, ticketId), toTicketView),
      close: async (ticketId) => map(await useCases.closeTicket.execute(id, ticketId), toTicketView),
    },
    orders: {
      list: async (query) =>
        map(await useCases.listOrders.execute(id, query), (p) => ({ items: p.items.map(toOrderView), nextCursor: p.nextCursor })),
      get: async (orderId) => map(await useCases.getOrder.execute(id, orderId), toOrderView),
      accept: async (orderId) => map(await useCases.acceptOrder.execute(id, orderId), toOrderView),
      reject: async (orderId) => map(await useCases.rejectOrder.execute(id, orderId), toOrderView),
    },
    statuses: { list: async () => map(await useCases.listCatalog.execute(id, "status"), (e) => e.map(toCatalogEntryView)) },
    sources: { list: async () => map(await useCases.listCatalog.execute(id, "source"), (e) => e.map(toCatalogEntryView)) },
    keys: {
      create: async (input) =>
        map(await useCases.createApiKey.execute(id, input), (issued: IssuedApiKey) => ({
          key: toApiKeyView(issued.key),
          plainKey: issued.plainKey,
        })),
      list: async () => map(await useCases.listApiKeys.execute(id), (keys) => keys.map(toApiKeyView)),
      revoke: async (keyId) => map(await useCases.revokeApiKey.execute(keyId, id), toApiKeyView),
    },
    staff: {
      add: async (input) => map(await useCases.addStaff.execute(id, input), toStaffView),
      update: async (who, input) => map(await useCases.updateStaff.execute(id, who, input), toStaffView),
      remove: async (who) => map(await useCases.removeStaff.execute(id, who), toStaffView),
      get: async (who) => map(await useCases.getStaff.execute(id, who), toStaffView),
      list: async () => map(await useCases.listStaff.execute(id), (members) => members.map(toStaffView)),
    },
    notifications: {
      list: async (staffId, query) =>
        map(await useCases.listNotifications.execute(id, staffId, query), (l) => ({ items: l.items.map(toNotificationView), unreadCount: l.unreadCount })),
      read: async (staffId, notificationId) => map(await useCases.markNotificationRead.execute(id, staffId, notificationId), toNotificationView),
      readAll: (staffId) => useCases.markAllNotificationsRead.execute(id, staffId),
    },
    import: { fromStream: (stream, options) => importSpreadsheetStream(useCases.importRows, id, stream, options) },
    export: bindExport(useCases, id),
    attachments: bindAttachments(useCases, id),
    retention: {
      get: () => useCases.getRetention.execute(id),
      set: (change) => useCases.setRetention.execute(id, change),
      run: (options) => useCases.runRetention.execute(id, options),
    },
    scoreWeights: {
      get: () => useCases.getScoreWeights.execute(id),
      set: (change) => useCases.setScoreWeights.execute(id, change),
      rescore: () => useCases.rescoreInquiries.execute(id),
    },
    rateLimit: bindRateLimit(useCases, id),
  };
}

/**
 * Embeds Leadport in another Node application: the same use cases, rules and storage as the
 * HTTP API and the CLI, without a server. Every call returns a `Result` instead of throwing for
 * expected failures (validation, not found).
 */
export async function createLeadport(options: LeadportOptions): Promise<Leadport> {
  const composition = compose({
    storage: options.database === "memory" ? { kind: "memory" } : { kind: "sqlite", path: options.database },
    clock: options.clock,
    dataDir: libraryDataDir(options.database, options.dataDir),
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
      retry: (messageId) => useCases.retryOutbox.retryOne(messageId),
      retryAllFailed: () => useCases.retryOutbox.retryAllFailed(),
    },
    close: async () => composition.close(),
  };
}
