import type { ApiKey } from "../../domain/access/api-key.js";
import type { CatalogEntry, CatalogKind } from "../../domain/catalog/catalog.js";
import type { Customer } from "../../domain/customer/customer.js";
import type { DomainEvent } from "../../domain/events.js";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import type { Workspace } from "../../domain/workspace/workspace.js";
import type { Page, PageRequest } from "./pagination.js";

/*
 * Repositories handed out inside a workspace transaction are bound to that workspace: a record
 * of another workspace simply does not exist for them. Tenant isolation is a property of the
 * adapter, not a filter each use case has to remember.
 */

export interface NameMatchOptions {
  readonly compatibleWithEmailKey: string | null;
  readonly limit: number;
}

export interface CustomerRepository {
  findById(id: string): Promise<Customer | null>;
  findByEmailKey(emailKey: string): Promise<Customer | null>;
  /**
   * Customers with this name key whom facts with `emailKey` could belong to (those without an
   * e-mail, or with this one; any when `emailKey` is null), oldest first, at most `limit`: matching
   * only needs to know whether exactly one exists, so it never loads every namesake.
   */
  findByNameKey(nameKey: string, options: NameMatchOptions): Promise<readonly Customer[]>;
  insert(customer: Customer): Promise<void>;
  update(customer: Customer): Promise<void>;
  /** Removes the customer record only; callers move or remove what refers to it first. */
  delete(id: string): Promise<void>;
  list(query: CustomerQuery, page: PageRequest): Promise<Page<Customer>>;
}

export interface CustomerQuery {
  /** Case-insensitive text search over names, e-mail and phone. */
  readonly text?: string;
}

export interface InquiryQuery {
  readonly status?: string;
  readonly source?: string;
  readonly assignee?: string;
  readonly tag?: string;
  readonly customerId?: string;
  /** Case-insensitive text search over title, contact and notes. */
  readonly text?: string;
  readonly createdAfter?: string;
  readonly createdBefore?: string;
  readonly minScore?: number;
  /** true: only inquiries held for review; false: only the others; undefined: both. */
  readonly held?: boolean;
  /** Follow-up date bounds as `YYYY-MM-DD`, inclusive from, exclusive before. */
  readonly followUpFrom?: string;
  readonly followUpBefore?: string;
  /** Default: newest first. Inquiries without a follow-up date come last in either direction. */
  readonly sort?: InquirySort;
}

export const INQUIRY_SORT_KEYS = ["createdAt", "leadScore", "followUpDate"] as const;
export type InquirySortKey = (typeof INQUIRY_SORT_KEYS)[number];

/** A sort key and direction; ties are broken by id in the same direction. */
export interface InquirySort {
  readonly by: InquirySortKey;
  readonly descending: boolean;
}

export interface InquiryRepository {
  findById(id: string): Promise<Inquiry | null>;
  findByExternalRef(source: string, externalRef: string): Promise<Inquiry | null>;
  insert(inquiry: Inquiry): Promise<void>;
  update(inquiry: Inquiry): Promise<void>;
  delete(id: string): Promise<void>;
  list(query: InquiryQuery, page: PageRequest): Promise<Page<Inquiry>>;
  /** How many inquiries match the query's filters (its sort does not matter). */
  count(query: InquiryQuery): Promise<number>;
}

export interface CatalogRepository {
  findByKey(kind: CatalogKind, key: string): Promise<CatalogEntry | null>;
  findById(id: string): Promise<CatalogEntry | null>;
  insert(entry: CatalogEntry): Promise<void>;
  /** Name (and with it the key), position and weight; the kind never changes. */
  update(entry: CatalogEntry): Promise<void>;
  delete(id: string): Promise<void>;
  /** In the workspace's order: by position, entries without one after them, oldest first. */
  list(kind: CatalogKind): Promise<readonly CatalogEntry[]>;
}

export interface ApiKeyRepository {
  findById(id: string): Promise<ApiKey | null>;
  insert(key: ApiKey): Promise<void>;
  update(key: ApiKey): Promise<void>;
  list(): Promise<readonly ApiKey[]>;
}

export interface Outbox {
  /** Records an event for delivery by the dispatcher after this transaction commits. */
  add(event: DomainEvent): Promise<void>;
}

/** Not bound to a workspace: only the system transaction offers these. */
export interface WorkspaceRepository {
  findById(id: string): Promise<Workspace | null>;
  findByName(name: string): Promise<Workspace | null>;
  insert(workspace: Workspace): Promise<void>;
  list(): Promise<readonly Workspace[]>;
  update(workspace: Workspace): Promise<void>;
}

export interface ApiKeyLookup {
  findByHash(hash: string): Promise<ApiKey | null>;
  findById(id: string): Promise<ApiKey | null>;
  markUsed(id: string, at: string): Promise<void>;
  revoke(id: string, at: string): Promise<void>;
  listAll(): Promise<readonly ApiKey[]>;
}
