import type { AccountingConnection, AccountingProvider } from "../../domain/accounting/accounting-sync.js";
import type { AccountingContact, ContactMatch, QuoteDraft } from "../../domain/accounting/quote-draft.js";

/**
 * One accounting system (Lexware Office, a local file drop; sevDesk, bexio or Qonto next), as the
 * quote-draft bridge needs it. An adapter maps these calls to the system's API and its answers to
 * the errors below; everything else (field rules, idempotency, retries) is the bridge's.
 */
export interface AccountingSystem {
  /** A cheap call that proves the credentials work; throws AccountingAuthRejected when not. */
  verify(): Promise<void>;
  /** An existing customer contact matching by e-mail (where the system can search by it), else by name. */
  findContact(match: ContactMatch): Promise<string | null>;
  /** Creates a customer contact; answers its id. */
  createContact(contact: AccountingContact): Promise<string>;
  /** A quote draft of this contact that carries `reference`, made by an earlier attempt. */
  findQuoteDraft(contactId: string, reference: string): Promise<string | null>;
  /** Creates the quote as a draft (never finalized) addressed to the contact; answers its id. */
  createQuoteDraft(draft: QuoteDraft, contactId: string): Promise<string>;
}

/** Opens the accounting system of a workspace's connection. */
export interface AccountingSystems {
  open(connection: Pick<AccountingConnection, "provider" | "token" | "workspaceId">): AccountingSystem;
  /** Providers this installation can open. */
  readonly providers: readonly AccountingProvider[];
}

/** The system refused the credentials (HTTP 401): retrying will not help until someone reconnects. */
export class AccountingAuthRejected extends Error {
  constructor(message = "the accounting system refused the token") {
    super(message);
    this.name = "AccountingAuthRejected";
  }
}

/** The system refused the data (Lexware: 406 with an IssueList); the reasons are readable sentences. */
export class AccountingValidationRejected extends Error {
  constructor(readonly reasons: readonly string[]) {
    super(`the accounting system refused the data: ${reasons.join("; ")}`);
    this.name = "AccountingValidationRejected";
  }
}

/** Outage, timeout, 5xx, rate limit exhausted, an answer that cannot be read: try again later. */
export class AccountingUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AccountingUnavailable";
  }
}
