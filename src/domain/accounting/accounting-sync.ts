import type { QuoteDraft } from "./quote-draft.js";

declare module "../events.js" {
  interface DomainEventTypes {
    /** A workspace connected (or reconnected) an accounting system; drafts waiting for it go out. */
    AccountingConnected: true;
    /** The accounting system refused the stored token; drafts wait until it is connected again. */
    AccountingConnectionBroken: true;
  }
}

export const ACCOUNTING_PROVIDERS = ["lexoffice", "file"] as const;
export type AccountingProvider = (typeof ACCOUNTING_PROVIDERS)[number];

/** A workspace's link to its accounting system. The token never leaves storage and the adapter. */
export interface AccountingConnection {
  readonly workspaceId: string;
  readonly provider: AccountingProvider;
  /** Null for providers without one (file). */
  readonly token: string | null;
  readonly state: "connected" | "broken";
  readonly brokenReason: string | null;
  readonly brokenAt: string | null;
  readonly vatRatePercent: number;
  readonly connectedAt: string;
  readonly updatedAt: string;
}

/** The connection as it may be shown: everything but the token. */
export type AccountingConnectionView = Omit<AccountingConnection, "token" | "workspaceId"> & { readonly hasToken: boolean };

export function connectionView(connection: AccountingConnection): AccountingConnectionView {
  const { token, workspaceId: _workspaceId, ...shown } = connection;
  return { ...shown, hasToken: token !== null };
}

/**
 * - pending: waiting to be sent (first attempt due, or the connection is broken)
 * - sent: the quote draft exists in the accounting system
 * - failed: the last attempt failed for a reason that may pass (outage, timeout); retried
 * - needs_review: sent with placeholders standing in for missing fields, or refused by the
 *   accounting system's validation; someone has to look
 */
export type AccountingSyncStatus = "pending" | "sent" | "failed" | "needs_review";

/** What happened to one won inquiry's quote draft; one per inquiry, which makes the bridge idempotent. */
export interface AccountingSync {
  readonly inquiryId: string;
  readonly workspaceId: string;
  readonly customerId: string;
  readonly provider: AccountingProvider;
  readonly status: AccountingSyncStatus;
  /** What is (or was) sent, built once when the inquiry was won so every retry sends the same. */
  readonly draft: QuoteDraft;
  readonly remoteContactId: string | null;
  readonly remoteQuoteId: string | null;
  /** Why it is not sent, or what the accounting system objected to. */
  readonly reason: string | null;
  /** The accounting system's own objections, in words. */
  readonly reviewReasons: readonly string[];
  /**
   * A quote creation was started: before starting another, the accounting system is searched
   * for it, because an answer lost to a timeout may hide a quote that exists.
   */
  readonly quoteRequested: boolean;
  readonly attempts: number;
  /**
   * Set when the customer was deleted in Leadport. The accounting contact stays: the Lexware
   * Office API does not allow deleting contacts, so no deletion is forwarded.
   */
  readonly customerDeletedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const CONTACT_KEPT_NOTE =
  "The customer was deleted in Leadport; the contact in the accounting system was kept, because its API does not allow deleting contacts.";

export function newAccountingSync(
  draft: QuoteDraft,
  context: { workspaceId: string; customerId: string; provider: AccountingProvider },
  now: Date,
): AccountingSync {
  const at = now.toISOString();
  return {
    inquiryId: draft.inquiryId,
    workspaceId: context.workspaceId,
    customerId: context.customerId,
    provider: context.provider,
    status: "pending",
    draft,
    remoteContactId: null,
    remoteQuoteId: null,
    reason: null,
    reviewReasons: [],
    quoteRequested: false,
    attempts: 0,
    customerDeletedAt: null,
    createdAt: at,
    updatedAt: at,
  };
}

/** Whether the bridge still owes this inquiry a quote draft. */
export function awaitsSending(sync: AccountingSync): boolean {
  return sync.status === "pending" || sync.status === "failed";
}

export function markSent(sync: AccountingSync, remoteQuoteId: string, now: Date): AccountingSync {
  const review = sync.draft.missingFields.length > 0;
  return {
    ...sync,
    status: review ? "needs_review" : "sent",
    remoteQuoteId,
    reason: review ? `Sent with placeholders for missing fields: ${sync.draft.missingFields.join(", ")}` : null,
    updatedAt: now.toISOString(),
  };
}

export function markRejected(sync: AccountingSync, reasons: readonly string[], now: Date): AccountingSync {
  return { ...sync, status: "needs_review", reason: "The accounting system refused the quote draft", reviewReasons: reasons, updatedAt: now.toISOString() };
}

export function markFailed(sync: AccountingSync, reason: string, now: Date): AccountingSync {
  return { ...sync, status: "failed", reason, updatedAt: now.toISOString() };
}

export function markWaiting(sync: AccountingSync, reason: string, now: Date): AccountingSync {
  return { ...sync, status: "pending", reason, updatedAt: now.toISOString() };
}
