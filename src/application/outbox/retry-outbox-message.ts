import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { conflict, notFound } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

/** Puts one dead letter back in line with fresh attempts, e.g. once the mail server works again. */
@injectable()
export class RetryOutboxMessage {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute(id: string): Promise<Result<OutboxMessage, Failure>> {
    return this.uow.runSystem(async (tx) => {
      const message = await tx.outboxQueue.findById(id);
      if (!message) return err(notFound(`outbox message ${id}`));
      if (!(await tx.outboxQueue.requeueFailed(id, this.clock.now().toISOString()))) {
        return err(conflict(`outbox message ${id} is ${message.status}, only failed messages can be retried`));
      }
      const requeued = await tx.outboxQueue.findById(id);
      return requeued ? ok(requeued) : err(notFound(`outbox message ${id}`));
    });
  }
}
