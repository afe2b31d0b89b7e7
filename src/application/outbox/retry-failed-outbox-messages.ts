import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

/** Puts every dead letter back in line with fresh attempts. */
@injectable()
export class RetryFailedOutboxMessages {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute(): Promise<Result<{ requeued: number }, Failure>> {
    return this.uow.runSystem(async (tx) => ok({ requeued: await tx.outboxQueue.requeueAllFailed(this.clock.now().toISOString()) }));
  }
}
