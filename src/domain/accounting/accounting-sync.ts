import { contactMatchOf, sameName, type AccountingContact, type QuoteDraft } from "./quote-draft.js";

declare module "../events.js" {
  interface DomainEventTypes {
    /** A workspace connected (or reconnected) an accounting system; drafts waiting for it go out. */
    AccountingConnected: true;
    /** The accounting system refused the stored token; drafts wait until it is connected again. */
    AccountingConnectionBroken: true;
    /** Staff asked for an inquiry's quote draft: sent again after a refusal, or a win from before connecting. */
    AccountingSendRequested: true;
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

/**
 * Why a sync cannot be sent again, or null when it can. Only a draft the accounting system
 * refused is resent: it exists nowhere there, so sending it again cannot make a second one. A
 * draft sent with placeholders exists (correct it in the accounting system), a failed one is
 * retried by the outbox with the draft it has.
 */
export function resendRefusal(sync: AccountingSync): string | null {
  if (sync.status === "needs_review" && sync.remoteQuoteId === null) return null;
  if (sync.remoteQuoteId !== null) return `its quote draft exists in the accounting system (${sync.remoteQuoteId}); correct it there`;
  if (sync.status === "failed") return "it failed for a reason that may pass and is retried through the outbox (`leadport outbox list`)";
  return "it is queued to be sent already";
}

/**
 * A refused sync made ready to go again with a draft built from the current data. The contact
 * found or created before is kept while the draft's contact is the same; when staff changed it,
 * the contact is matched again from the new data. No quote of a refused draft exists, so nothing
 * needs to be searched for before creating one.
 */
export function readyToResend(sync: AccountingSync, draft: QuoteDraft, customerId: string, now: Date): AccountingSync {
  const keepContact = customerId === sync.customerId && sameContact(sync.draft.contact, draft.contact);
  return {
    ...sync,
    customerId,
    status: "pending",
    draft,
    remoteContactId: keepContact ? sync.remoteContactId : null,
    quoteRequested: false,
    reason: null,
    reviewReasons: [],
    customerDeletedAt: customerId === sync.customerId ? sync.customerDeletedAt : null,
    updatedAt: now.toISOString(),
  };
}

/** Field by field: a stored draft may come back from storage with its keys in another order. */
function sameContact(a: AccountingContact, b: AccountingContact): boolean {
  const [first, second] = [contactMatchOf(a), contactMatchOf(b)];
  const sameAddress = (["street", "zipcode", "city", "countryCode"] as const).every((field) => a.address[field] === b.address[field]);
  return (
    first.kind === second.kind &&
    sameName(first.name, second.name) &&
    sameName(first.firstName, second.firstName) &&
    sameName(first.email, second.email) &&
    a.phone === b.phone &&
    sameAddress
  );
}
