import type { Page, PageRequest } from "../../application/ports/pagination.js";
import type {
  ApiKeyLookup,
  ApiKeyRepository,
  CatalogRepository,
  CustomerQuery,
  CustomerRepository,
  InquiryQuery,
  InquiryRepository,
  InquirySort,
  Outbox,
  WorkspaceRepository,
} from "../../application/ports/repositories.js";
import type { SystemReader, SystemTransaction, UnitOfWork, WorkspaceReader, WorkspaceTransaction } from "../../application/ports/unit-of-work.js";
import type { ApiKey } from "../../domain/access/api-key.js";
import type { CatalogEntry } from "../../domain/catalog/catalog.js";
import type { Customer } from "../../domain/customer/customer.js";
import type { DomainEvent } from "../../domain/events.js";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import type { Result } from "../../domain/shared/result.js";
import { catalogKey } from "../../domain/shared/text.js";
import type { Workspace } from "../../domain/workspace/workspace.js";
import { positionAfter } from "../../application/inquiries/inquiry-query.js";
import { Mutex } from "../shared/mutex.js";
import { customerSearchText, inquirySearchText, searchNeedle } from "../shared/search-text.js";
import { memoryAttachments, memoryStatusRecords } from "./memory-intake-repositories.js";
import type { Attachment } from "../../domain/attachment/attachment.js";
import type { OrderStatus, WebOrder } from "../../domain/order/order.js";
import type { Ticket, TicketStatus } from "../../domain/ticket/ticket.js";
import {
  emptyNotificationState,
  memoryNotificationRepository,
  memoryOutboxQueue,
  memoryStaffRepository,
  type NotificationState,
} from "./memory-notification-repositories.js";
import { memorySigningKeys } from "./memory-signing-keys.js";
import { memoryPersonalData } from "./memory-personal-data.js";
import { memoryIdempotencyRecords } from "./memory-idempotency-records.js";
import type { IdempotencyRecord } from "../../domain/idempotency/idempotency.js";
import { MemoryFeatureStores, type MemoryFeatureStorage } from "./feature-storage.js";

interface State extends NotificationState {
  workspaces: Map<string, Workspace>;
  customers: Map<string, Customer>;
  inquiries: Map<string, Inquiry>;
  catalog: Map<string, CatalogEntry>;
  apiKeys: Map<string, ApiKey>;
  outbox: DomainEvent[];
  tickets: Map<string, Ticket>;
  orders: Map<string, WebOrder>;
  attachments: Map<string, Attachment>;
  signingKeys: Map<string, string>;
  idempotency: Map<string, IdempotencyRecord>;
  /** Each feature's own state, by feature name (see feature-storage.ts). */
  features: Record<string, unknown>;
}

const forgetOutboxEvents = (state: () => State) => (ids: ReadonlySet<string>) => {
  state().outbox = state().outbox.filter((event) => !ids.has(event.id));
};

const emptyState = (features: Record<string, unknown>): State => ({
  features,
  workspaces: new Map(),
  customers: new Map(),
  inquiries: new Map(),
  catalog: new Map(),
  apiKeys: new Map(),
  outbox: [],
  tickets: new Map(),
  orders: new Map(),
  attachments: new Map(),
  signingKeys: new Map(),
  idempotency: new Map(),
  ...emptyNotificationState(),
});

function newestFirst<T extends { createdAt: string; id: string }>(a: T, b: T): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export function paginate<T extends { createdAt: string; id: string }>(records: T[], page: PageRequest): Page<T> {
  const after = page.after;
  const sorted = records
    .sort(newestFirst)
    .filter((r) => !after || r.createdAt < after.createdAt || (r.createdAt === after.createdAt && r.id < after.id));
  const items = sorted.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items, next: sorted.length > page.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

const copy = <T>(value: T): T => structuredClone(value);

/**
 * The in-memory adapter: the same ports as SQLite, for tests and quick embedding. Transactions
 * are serialised and roll back by restoring a snapshot, so it keeps the same all-or-nothing rules.
 */
export class MemoryUnitOfWork implements UnitOfWork {
  private readonly features: MemoryFeatureStores;
  private state: State;
  private readonly mutex = new Mutex();

  /** `features`: the repositories of the features beside the core ones, offered through `tx.use(store)`. */
  constructor(features: readonly MemoryFeatureStorage[] = []) {
    this.features = new MemoryFeatureStores(features);
    this.state = emptyState(this.features.initialStates());
  }

  /** Events recorded so far, oldest first; a read-only view for tests and the dispatcher. */
  outboxEvents(): readonly DomainEvent[] {
    return copy(this.state.outbox);
  }

  run<T, E>(workspaceId: string, work: (tx: WorkspaceTransaction) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.transaction(() => work(this.workspaceTransaction(workspaceId)));
  }

  runSystem<T, E>(work: (tx: SystemTransaction) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.transaction(() => work(this.systemTransaction()));
  }

  /** Reads queue with the writes, so they never see a transaction half done. */
  read<T, E>(workspaceId: string, work: (tx: WorkspaceReader) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.mutex.run(() => work(this.workspaceTransaction(workspaceId)));
  }

  readSystem<T, E>(work: (tx: SystemReader) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.mutex.run(() => work(this.systemTransaction()));
  }

  private transaction<T, E>(work: () => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.mutex.run(async () => {
      const snapshot = copy(this.state);
      try {
        const result = await work();
        if (!result.ok) this.state = snapshot;
        return result;
      } catch (error) {
        this.state = snapshot;
        throw error;
      }
    });
  }

  private systemTransaction(): SystemTransaction {
    const state = () => this.state;
    const workspaces: WorkspaceRepository = {
      findById: async (id) => copy(state().workspaces.get(id) ?? null),
      findByName: async (name) => copy([...state().workspaces.values()].find((w) => w.name === name) ?? null),
      insert: async (workspace) => void state().workspaces.set(workspace.id, copy(workspace)),
      list: async () => copy([...state().workspaces.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt))),
      update: async (workspace) => {
        if (state().workspaces.has(workspace.id)) state().workspaces.set(workspace.id, copy(workspace));
      },
    };
    const apiKeys: ApiKeyLookup = {
      findByHash: async (hash) => copy([...state().apiKeys.values()].find((k) => k.hash === hash) ?? null),
      findById: async (id) => copy(state().apiKeys.get(id) ?? null),
      markUsed: async (id, at) => this.patchKey(id, { lastUsedAt: at }),
      revoke: async (id, at) => this.patchKey(id, { revokedAt: at }),
      listAll: async () => copy([...state().apiKeys.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt))),
    };
    const outboxQueue = memoryOutboxQueue(state, () => state().outbox, forgetOutboxEvents(state));
    const signingKeys = memorySigningKeys(() => state().signingKeys);
    const idempotency = memoryIdempotencyRecords(() => state().idempotency);
    return {
      workspaces,
      apiKeys,
      outboxQueue,
      signingKeys,
      idempotency,
      within: (workspaceId) => this.workspaceTransaction(workspaceId),
      use: this.features.forSystem(() => state().features),
    };
  }

  private patchKey(id: string, patch: Partial<ApiKey>): void {
    const key = this.state.apiKeys.get(id);
    if (key) this.state.apiKeys.set(id, { ...key, ...patch });
  }

  private workspaceTransaction(workspaceId: string): WorkspaceTransaction {
    const state = () => this.state;
    const mine = <T extends { workspaceId: string }>(record: T | undefined): T | null =>
      record && record.workspaceId === workspaceId ? copy(record) : null;
    const all = <T extends { workspaceId: string }>(map: Map<string, T>): T[] =>
      [...map.values()].filter((r) => r.workspaceId === workspaceId);

    const customers: CustomerRepository = {
      findById: async (id) => mine(state().customers.get(id)),
      findByEmailKey: async (key) => copy(all(state().customers).find((c) => c.emailKey === key) ?? null),
      findByNameKey: async (key, { compatibleWithEmailKey, limit }) =>
        copy(
          all(state().customers)
            .filter((c) => c.nameKey === key && (compatibleWithEmailKey === null || c.emailKey === null || c.emailKey === compatibleWithEmailKey))
            .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
            .slice(0, limit),
        ),
      insert: async (customer) => void state().customers.set(customer.id, copy(customer)),
      update: async (customer) => {
        if (mine(state().customers.get(customer.id))) state().customers.set(customer.id, copy(customer));
      },
      delete: async (id) => {
        if (mine(state().customers.get(id))) state().customers.delete(id);
      },
      list: async (query: CustomerQuery, page) => {
        const needle = searchNeedle(query.text);
        return copy(paginate(all(state().customers).filter((c) => !needle || customerSearchText(c).includes(needle)), page));
      },
    };

    const inquiries: InquiryRepository = {
      findById: async (id) => mine(state().inquiries.get(id)),
      findByExternalRef: async (source, ref) =>
        copy(all(state().inquiries).find((i) => i.source === source && i.externalRef === ref) ?? null),
      insert: async (inquiry) => void state().inquiries.set(inquiry.id, copy(inquiry)),
      update: async (inquiry) => {
        if (mine(state().inquiries.get(inquiry.id))) state().inquiries.set(inquiry.id, copy(inquiry));
      },
      delete: async (id) => {
        if (mine(state().inquiries.get(id))) state().inquiries.delete(id);
      },
      list: async (query: InquiryQuery, page) => {
        const matching = all(state().inquiries).filter(inquiryFilter(query));
        if (!query.sort || (query.sort.by === "createdAt" && query.sort.descending)) return copy(paginate(matching, page));
        return copy(sortedPage(matching, query.sort, page));
      },
      count: async (query: InquiryQuery) => all(state().inquiries).filter(inquiryFilter(query)).length,
    };

    const catalog: CatalogRepository = {
      findByKey: async (kind, key) =>
        copy(all(state().catalog).find((e) => e.kind === kind && e.key === key) ?? null),
      findById: async (id) => mine(state().catalog.get(id)),
      insert: async (entry) => void state().catalog.set(entry.id, copy(entry)),
      update: async (entry) => {
        if (mine(state().catalog.get(entry.id))) state().catalog.set(entry.id, copy(entry));
      },
      delete: async (id) => {
        if (mine(state().catalog.get(id))) state().catalog.delete(id);
      },
      list: async (kind) => copy(all(state().catalog).filter((e) => e.kind === kind).sort(catalogOrder)),
    };

    const apiKeys: ApiKeyRepository = {
      findById: async (id) => mine(state().apiKeys.get(id)),
      insert: async (key) => void state().apiKeys.set(key.id, copy(key)),
      update: async (key) => {
        if (mine(state().apiKeys.get(key.id))) state().apiKeys.set(key.id, copy(key));
      },
      list: async () => copy(all(state().apiKeys).sort((a, b) => a.createdAt.localeCompare(b.createdAt))),
    };

    const outbox: Outbox = { add: async (event) => void state().outbox.push(copy(event)) };

    const savepoint = async <T, E>(work: () => Promise<Result<T, E>>): Promise<Result<T, E>> => {
      const snapshot = copy(this.state);
      try {
        const result = await work();
        if (!result.ok) this.state = snapshot;
        return result;
      } catch (error) {
        this.state = snapshot;
        throw error;
      }
    };

    return {
      workspaceId,
      savepoint,
      customers,
      inquiries,
      catalog,
      apiKeys,
      outbox,
      tickets: memoryStatusRecords<Ticket, TicketStatus>(() => state().tickets, workspaceId),
      orders: memoryStatusRecords<WebOrder, OrderStatus>(() => state().orders, workspaceId),
      attachments: memoryAttachments(() => state().attachments, workspaceId),
      staff: memoryStaffRepository(state, workspaceId),
      notifications: memoryNotificationRepository(state, workspaceId),
      personalData: memoryPersonalData(state, () => memoryOutboxQueue(state, () => state().outbox, forgetOutboxEvents(state)), workspaceId),
      workspaces: { findById: async (id) => (id === workspaceId ? copy(state().workspaces.get(id) ?? null) : null) },
      use: this.features.forWorkspace(() => state().features, workspaceId),
    };
  }
}

function inquiryFilter(query: InquiryQuery): (inquiry: Inquiry) => boolean {
  const needle = searchNeedle(query.text);
  const tag = query.tag?.toLowerCase();
  return (inquiry) =>
    (query.status === undefined || catalogKey(inquiry.status) === catalogKey(query.status)) &&
    (query.source === undefined || catalogKey(inquiry.source) === catalogKey(query.source)) &&
    (query.assignee === undefined || inquiry.assignee === query.assignee.trim().toLowerCase()) &&
    (query.customerId === undefined || inquiry.customerId === query.customerId) &&
    (tag === undefined || inquiry.tags.some((t) => t.toLowerCase() === tag)) &&
    (query.createdAfter === undefined || inquiry.createdAt >= query.createdAfter) &&
    (query.createdBefore === undefined || inquiry.createdAt < query.createdBefore) &&
    (query.minScore === undefined || inquiry.leadScore >= query.minScore) &&
    (query.held === undefined || inquiry.holdReasons.length > 0 === query.held) &&
    (query.followUpFrom === undefined || (inquiry.followUpDate !== null && inquiry.followUpDate >= query.followUpFrom)) &&
    (query.followUpBefore === undefined || (inquiry.followUpDate !== null && inquiry.followUpDate < query.followUpBefore)) &&
    (needle === null || inquirySearchText(inquiry).includes(needle));
}

type SortValue = string | number | null;

const sortValueOf = (inquiry: Inquiry, sort: InquirySort): SortValue =>
  sort.by === "leadScore" ? inquiry.leadScore : sort.by === "followUpDate" ? inquiry.followUpDate : inquiry.createdAt;

/** (key, id) in the sort's direction, nulls last in either direction: the order SQLite gives. */
function compareKeys(a: { value: SortValue; id: string }, b: { value: SortValue; id: string }, descending: boolean): number {
  if (a.value === null || b.value === null) {
    if (a.value !== b.value) return a.value === null ? 1 : -1;
  } else if (a.value !== b.value) {
    return (a.value < b.value ? -1 : 1) * (descending ? -1 : 1);
  }
  return a.id === b.id ? 0 : (a.id < b.id ? -1 : 1) * (descending ? -1 : 1);
}

function sortedPage(records: Inquiry[], sort: InquirySort, page: PageRequest): Page<Inquiry> {
  const keyOf = (inquiry: Inquiry) => ({ value: sortValueOf(inquiry, sort), id: inquiry.id });
  const after = page.after ? { value: page.after.sortValue ?? null, id: page.after.id } : null;
  const sorted = records
    .sort((a, b) => compareKeys(keyOf(a), keyOf(b), sort.descending))
    .filter((inquiry) => !after || compareKeys(keyOf(inquiry), after, sort.descending) > 0);
  const items = sorted.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items, next: sorted.length > page.limit && last ? positionAfter(last, sort) : null };
}

/** Positioned entries first, by position; the others after them, oldest first (as SQLite orders them). */
function catalogOrder(a: CatalogEntry, b: CatalogEntry): number {
  if (a.position !== b.position) {
    if (a.position === undefined) return 1;
    if (b.position === undefined) return -1;
    return a.position - b.position;
  }
  return a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
