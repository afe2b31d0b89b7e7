import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import type { OutboxMessage, OutboxStatus } from "../ports/outbox-queue.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

/** The outbox's messages, newest first, for an operator looking at what went out or failed. */
@injectable()
export class ListOutboxMessages {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(query: { status?: OutboxStatus; limit?: number } = {}): Promise<Result<readonly OutboxMessage[], Failure>> {
    return this.uow.readSystem(async (tx) => ok(await tx.outboxQueue.list({ status: query.status, limit: query.limit ?? 100 })));
  }
}
