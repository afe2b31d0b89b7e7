import { inject, injectable } from "tsyringe";
import { ok } from "../../domain/shared/result.js";
import type { OutboxHandler } from "../outbox/outbox-handler.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { MailArchive, StorageScrubber } from "../ports/personal-data.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { SURVEYS } from "./survey-store.js";

/**
 * When a customer is erased (docs/adr/0007), their survey data goes too: their invitations with
 * the personal links, their answers and their places on participant lists, found by the customer
 * id they were filed under when they were admitted. Results are computed from what remains.
 *
 * As in the core erasure, rows go in one transaction and files after it: the stored copies of the
 * mails about them (invitations, reminders, feedback to staff), found by the Message-IDs recorded
 * on their invitations; then the storage is scrubbed so the deleted text does not linger. The core
 * erasure already removed the outbox events that name the customer (survey mails included). A
 * redelivered event finds nothing left, so a repeat is harmless.
 */
@injectable()
export class EraseSurveyDataOfCustomer implements OutboxHandler {
  readonly name = "surveys.erase-customer";
  readonly eventTypes = ["CustomerErased"] as const;

  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.MailArchive) private readonly mails: MailArchive,
    @inject(TOKENS.StorageScrubber) private readonly scrubber: StorageScrubber,
  ) {}

  async handle(message: OutboxMessage): Promise<void> {
    const customerId = message.aggregateId;
    const erased = await this.uow.run(message.workspaceId, async (tx) => {
      const store = tx.use(SURVEYS);
      const mailMessageIds = (await store.invitations.listByCustomer(customerId)).flatMap((invitation) => invitation.mailMessageIds ?? []);
      const responses = await store.responses.deleteByCustomer(customerId);
      const invitations = await store.invitations.deleteByCustomer(customerId);
      const listEntries = await store.lists.removeCustomer(customerId);
      return ok({ mailMessageIds, deleted: responses + invitations + listEntries });
    });
    if (!erased.ok) return;
    await this.mails.forget(erased.value.mailMessageIds);
    if (erased.value.deleted > 0) await this.scrubber.scrub();
  }
}
