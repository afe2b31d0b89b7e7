import { inject, injectable } from "tsyringe";
import { ok } from "../../domain/shared/result.js";
import type { OutboxHandler } from "../outbox/outbox-handler.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { SURVEYS } from "./survey-store.js";

/**
 * When a customer is erased (docs/adr/0007), their survey data goes too: their invitations with
 * the personal links, their answers and their places on participant lists, found by the customer
 * id they were filed under when they were admitted. Results are computed from what remains.
 * The core erasure already removed the outbox events that name the customer (survey mails
 * included). Deleting again on a redelivered event finds nothing, so a repeat is harmless.
 */
@injectable()
export class EraseSurveyDataOfCustomer implements OutboxHandler {
  readonly name = "surveys.erase-customer";
  readonly eventTypes = ["CustomerErased"] as const;

  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async handle(message: OutboxMessage): Promise<void> {
    const customerId = message.aggregateId;
    await this.uow.run(message.workspaceId, async (tx) => {
      const store = tx.use(SURVEYS);
      const responses = await store.responses.deleteByCustomer(customerId);
      const invitations = await store.invitations.deleteByCustomer(customerId);
      const listEntries = await store.lists.removeCustomer(customerId);
      return ok({ responses, invitations, listEntries });
    });
  }
}
