import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { Scheduler } from "../ports/scheduler.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import type { WebhookSettings } from "./webhook-settings.js";
import { WEBHOOK_QUEUE } from "./webhook-store.js";
import { WEBHOOK_TOKENS } from "./webhook-tokens.js";

const BATCH = 500;

/**
 * Forgets finished deliveries (delivered or dead) once they are older than the configured time,
 * so the delivery log of a busy subscription does not grow without end. Small batches, each its
 * own transaction, with a pause between: requests get the write lock in between.
 */
@injectable()
export class PruneWebhookDeliveries {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Scheduler) private readonly scheduler: Scheduler,
    @inject(WEBHOOK_TOKENS.Settings) private readonly settings: WebhookSettings,
  ) {}

  async execute(): Promise<Result<number, Failure>> {
    const before = new Date(this.clock.now().getTime() - this.settings.keepFinishedMs).toISOString();
    let removed = 0;
    for (;;) {
      const batch = await this.uow.runSystem(async (tx) => ok(await tx.use(WEBHOOK_QUEUE).pruneFinished(before, BATCH)));
      const count = batch.ok ? batch.value : 0;
      removed += count;
      if (count < BATCH) return ok(removed);
      await this.scheduler.yield();
    }
  }
}
