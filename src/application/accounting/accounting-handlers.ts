import { inject, injectable } from "tsyringe";
import { awaitsSending, CONTACT_KEPT_NOTE } from "../../domain/accounting/accounting-sync.js";
import { ok } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import type { OutboxHandler } from "../outbox/outbox-handler.js";
import { TOKENS } from "../tokens.js";
import { ACCOUNTING } from "./accounting-store.js";
import { SendQuoteDraft } from "./send-quote-draft.js";

/** A won inquiry becomes a quote draft; `InquiryWon` is written once per win, the sync record makes repeats harmless. */
@injectable()
export class QuoteDraftOnWin implements OutboxHandler {
  readonly name = "accounting.quote-draft";
  readonly eventTypes = ["InquiryWon"] as const;

  constructor(@inject(SendQuoteDraft) private readonly sendQuoteDraft: SendQuoteDraft) {}

  async handle(message: OutboxMessage): Promise<void> {
    await this.sendQuoteDraft.execute(message.workspaceId, message.aggregateId);
  }
}

/** After (re)connecting, the drafts that waited for the connection go out. */
@injectable()
export class ResendWaitingDrafts implements OutboxHandler {
  readonly name = "accounting.resend-waiting";
  readonly eventTypes = ["AccountingConnected"] as const;

  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(SendQuoteDraft) private readonly sendQuoteDraft: SendQuoteDraft,
  ) {}

  async handle(message: OutboxMessage): Promise<void> {
    const listed = await this.uow.read(message.workspaceId, async (tx) => ok(await tx.use(ACCOUNTING).listSyncs()));
    const waiting = listed.ok ? listed.value.filter(awaitsSending) : [];
    let firstError: unknown = null;
    for (const sync of waiting) {
      // One failing draft must not keep the others back; the message is retried for it (the sent ones are settled).
      await this.sendQuoteDraft.execute(message.workspaceId, sync.inquiryId).catch((error: unknown) => (firstError ??= error));
    }
    if (firstError !== null) throw firstError;
  }
}

/**
 * A deleted or erased customer keeps its accounting contact: the Lexware Office API does not allow
 * deleting contacts, so nothing is forwarded, and the sync record says so. An erasure also
 * removes the person's details from the stored drafts (the remote ids stay, without personal data).
 */
@injectable()
export class KeepAccountingContact implements OutboxHandler {
  readonly name = "accounting.customer-deleted";
  readonly eventTypes = ["CustomerDeleted", "CustomerErased"] as const;

  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(message: OutboxMessage): Promise<void> {
    const erased = message.type === "CustomerErased";
    await this.uow.run(message.workspaceId, async (tx) => {
      const store = tx.use(ACCOUNTING);
      const at = this.clock.now().toISOString();
      for (const sync of await store.listSyncsOfCustomer(message.aggregateId)) {
        if (sync.customerDeletedAt !== null && !erased) continue;
        const draft = erased ? { ...sync.draft, contact: { ...sync.draft.contact, ...ERASED_CONTACT_DETAILS } } : sync.draft;
        await store.saveSync({ ...sync, draft, customerDeletedAt: sync.customerDeletedAt ?? at, reason: CONTACT_KEPT_NOTE, updatedAt: at });
      }
      return ok(undefined);
    });
  }
}

const ERASED = "[gelöscht]";
const ERASED_CONTACT_DETAILS = {
  companyName: ERASED,
  salutation: null,
  firstName: null,
  lastName: ERASED,
  email: null,
  phone: null,
  address: { street: ERASED, zipcode: ERASED, city: ERASED, countryCode: "DE" },
};
