import { inject, injectable } from "tsyringe";
import {
  awaitsSending,
  markFailed,
  markRejected,
  markSent,
  markWaiting,
  newAccountingSync,
  type AccountingConnection,
  type AccountingSync,
} from "../../domain/accounting/accounting-sync.js";
import { contactMatchOf } from "../../domain/accounting/quote-draft.js";
import { ok } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { ACCOUNTING } from "./accounting-store.js";
import { AccountingAuthRejected, AccountingValidationRejected, type AccountingSystems } from "./accounting-system.js";
import { ACCOUNTING_TOKENS } from "./accounting-tokens.js";
import { breakConnection } from "./broken-connection.js";
import { draftOfInquiry } from "./draft-of-inquiry.js";
import type { NotificationSettings } from "../notifications/notify-staff.js";

type Prepared =
  | { readonly kind: "send"; readonly sync: AccountingSync; readonly connection: AccountingConnection }
  | { readonly kind: "settled"; readonly sync: AccountingSync | null };

/**
 * Sends the quote draft of one won inquiry to the workspace's accounting system, at most once.
 *
 * Each step's outcome is stored before the next remote call, so a retry (after an outage, a
 * timeout or a crash) resumes instead of repeating: a known contact is reused, and a quote whose
 * creation was started is searched for by its reference before another is created. A throw means
 * "retry later" to the outbox; refused credentials and refused data are outcomes, not throws,
 * because retrying them cannot help.
 */
@injectable()
export class SendQuoteDraft {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(ACCOUNTING_TOKENS.Systems) private readonly systems: AccountingSystems,
    @inject(TOKENS.NotificationSettings) private readonly notificationSettings: NotificationSettings,
  ) {}

  async execute(workspaceId: string, inquiryId: string): Promise<AccountingSync | null> {
    const prepared = await this.uow.run(workspaceId, async (tx) => ok(await this.prepare(tx, inquiryId)));
    if (!prepared.ok || prepared.value.kind === "settled") return prepared.ok ? prepared.value.sync : null;
    const { connection } = prepared.value;
    let sync = prepared.value.sync;
    const system = this.systems.open(connection);
    try {
      const contactId =
        sync.remoteContactId ?? (await system.findContact(contactMatchOf(sync.draft.contact))) ?? (await system.createContact(sync.draft.contact));
      const earlier = sync.quoteRequested ? await system.findQuoteDraft(contactId, sync.draft.reference) : null;
      sync = await this.save(workspaceId, { ...sync, remoteContactId: contactId, quoteRequested: true });
      const quoteId = earlier ?? (await system.createQuoteDraft(sync.draft, contactId));
      return await this.save(workspaceId, markSent(sync, quoteId, this.clock.now()));
    } catch (error) {
      if (error instanceof AccountingAuthRejected) {
        const waiting = await this.uow.run(workspaceId, async (tx) =>
          ok(await breakConnection(tx, { ids: this.ids, clock: this.clock, settings: this.notificationSettings }, connection, sync, error.message)),
        );
        return waiting.ok ? waiting.value : sync;
      }
      if (error instanceof AccountingValidationRejected) return this.save(workspaceId, markRejected(sync, error.reasons, this.clock.now()));
      await this.save(workspaceId, markFailed(sync, error instanceof Error ? error.message : String(error), this.clock.now()));
      throw error;
    }
  }

  private async prepare(tx: WorkspaceTransaction, inquiryId: string): Promise<Prepared> {
    const store = tx.use(ACCOUNTING);
    const now = this.clock.now();
    const existing = await store.findSync(inquiryId);
    if (existing && !awaitsSending(existing)) return { kind: "settled", sync: existing };
    const connection = await store.findConnection();
    // Without a connection the workspace has not asked for accounting: nothing is owed.
    if (!connection) return { kind: "settled", sync: existing };
    let sync = existing ?? (await this.firstSync(tx, inquiryId, connection, now));
    if (!sync) return { kind: "settled", sync: null };
    if (sync.provider !== connection.provider) {
      // Reconnected to another system: ids of the old one mean nothing there.
      sync = { ...sync, provider: connection.provider, remoteContactId: null, quoteRequested: false };
    }
    if (connection.state === "broken") {
      const waiting = markWaiting(sync, `Waiting for the accounting connection: ${connection.brokenReason ?? "broken"}. Reconnect with \`leadport accounting connect\`.`, now);
      await store.saveSync(waiting);
      return { kind: "settled", sync: waiting };
    }
    sync = { ...sync, attempts: sync.attempts + 1, updatedAt: now.toISOString() };
    await store.saveSync(sync);
    return { kind: "send", sync, connection };
  }

  /** The draft is built once, from the inquiry and customer as they were when it was first handled. */
  private async firstSync(tx: WorkspaceTransaction, inquiryId: string, connection: AccountingConnection, now: Date): Promise<AccountingSync | null> {
    const inquiry = await tx.inquiries.findById(inquiryId);
    if (!inquiry) return null;
    const built = await draftOfInquiry(tx, inquiry, connection);
    if (!built) return null;
    return newAccountingSync(built.draft, { workspaceId: tx.workspaceId, customerId: built.customerId, provider: connection.provider }, now);
  }

  private async save(workspaceId: string, sync: AccountingSync): Promise<AccountingSync> {
    await this.uow.run(workspaceId, async (tx) => ok(await tx.use(ACCOUNTING).saveSync(sync)));
    return sync;
  }
}
