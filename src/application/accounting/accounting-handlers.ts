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

/** A draft staff asked for: a refused one sent again, or a win from before connecting (the sync record is queued with the event). */
@injectable()
export class QuoteDraftOnRequest implements OutboxHandler {
  readonly name = "accounting.quote-draft-requested";
  readonly eventTypes = ["AccountingSendRequested"] as const;

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
 * A deleted customer keeps its accounting contact: the Lexware Office API does not allow deleting
 * contacts, so nothing is forwarded, and the sync record says so. (An erasure does the same, and
 * strips the person's details from the drafts, in its own transaction: accountingPersonalData.)
 */
@injectable()
export class KeepAccountingContact implements OutboxHandler {
  readonly name = "accounting.customer-deleted";
  readonly eventTypes = ["CustomerDeleted"] as const;

  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(message: OutboxMessage): Promise<void> {
    await this.uow.run(message.workspaceId, async (tx) => {
      const store = tx.use(ACCOUNTING);
      const at = this.clock.now().toISOString();
      for (const sync of await store.listSyncsOfCustomer(message.aggregateId)) {
        if (sync.customerDeletedAt !== null) continue;
        await store.saveSync({ ...sync, customerDeletedAt: at, reason: CONTACT_KEPT_NOTE, updatedAt: at });
      }
      return ok(undefined);
    });
  }
}
