import { inject, injectable } from "tsyringe";
import { afterFailedAttempt } from "../../domain/outbox/retry-policy.js";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { Scheduler } from "../ports/scheduler.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import type { OutboxHandler, OutboxSettings } from "./outbox-handler.js";

export interface DispatchReport {
  /** Messages completed, those without a handler included. */
  readonly done: number;
  /** Failed attempts that will be retried after their backoff. */
  readonly retrying: number;
  /** Messages that used their last attempt and are now dead letters. */
  readonly failed: number;
}

export interface DispatchOptions {
  /** Checked between messages: the message in flight is finished, then the pass ends. */
  readonly signal?: AbortSignal;
  /** Told of every failed attempt as it happens (the host logs it), not only stored. */
  readonly onFailure?: (failure: DispatchFailure) => void;
}

export interface DispatchFailure {
  readonly messageId: string;
  readonly type: string;
  readonly attempt: number;
  /** The last attempt: the message is now a dead letter. */
  readonly final: boolean;
  readonly error: string;
}

const MAX_ERROR_LENGTH = 2000;

/**
 * Put in a handler's `eventTypes`, it receives every message, including types declared later by
 * other features (a consumer such as outbound webhooks that filters by its own rules).
 */
export const EVERY_EVENT_TYPE = "*";

function handlesType(handler: OutboxHandler, type: string): boolean {
  return handler.eventTypes.includes(type) || handler.eventTypes.includes(EVERY_EVENT_TYPE);
}

/**
 * One dispatch pass: claims due outbox messages one at a time and hands each to its handlers,
 * until none is due. One at a time keeps "the message in flight"
 * a single message, so a stop or a crash affects at most that one. After each message the pass
 * yields to the event loop: a backlog of thousands (an import) drains beside the requests instead
 * of holding them until it is done.
 */
@injectable()
export class DispatchOutbox {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.OutboxHandlers) private readonly handlers: readonly OutboxHandler[],
    @inject(TOKENS.OutboxSettings) private readonly settings: OutboxSettings,
    @inject(TOKENS.Scheduler) private readonly scheduler: Scheduler,
  ) {}

  async execute(options: DispatchOptions = {}): Promise<Result<DispatchReport, Failure>> {
    const report = { done: 0, retrying: 0, failed: 0 };
    while (!options.signal?.aborted) {
      const token = this.ids.newId();
      const claimed = await this.uow.runSystem(async (tx) => {
        // Messages written during the pass (the mails a notification requested) are due at once and
        // go out in the same pass; a failed one waits for its backoff, which bounds the pass.
        const now = this.clock.now();
        const leaseUntil = new Date(now.getTime() + this.settings.leaseMs).toISOString();
        return ok(await tx.outboxQueue.claimDue({ now: now.toISOString(), leaseUntil, limit: 1, token }));
      });
      const message = claimed.ok ? claimed.value[0] : undefined;
      if (!message) break;
      report[await this.dispatch(message, token, options.onFailure)] += 1;
      await this.scheduler.yield();
    }
    return ok(report);
  }

  private async dispatch(message: OutboxMessage, token: string, onFailure?: (failure: DispatchFailure) => void): Promise<keyof DispatchReport> {
    const handlers = this.handlers.filter((handler) => handlesType(handler, message.type));
    let failure: string | null = null;
    for (const handler of handlers) {
      try {
        await handler.handle(message);
      } catch (error) {
        failure = `${handler.name}: ${error instanceof Error ? error.message : String(error)}`.slice(0, MAX_ERROR_LENGTH);
        break;
      }
    }
    const now = this.clock.now();
    if (failure === null) {
      await this.uow.runSystem(async (tx) => ok(await tx.outboxQueue.complete(message.id, token, now.toISOString())));
      return "done";
    }
    const decision = afterFailedAttempt(message.attempts, this.settings.retry, now);
    await this.uow.runSystem(async (tx) => ok(await tx.outboxQueue.recordFailure(message.id, token, { ...decision, lastError: failure })));
    onFailure?.({ messageId: message.id, type: message.type, attempt: message.attempts, final: decision.status === "failed", error: failure });
    return decision.status === "failed" ? "failed" : "retrying";
  }
}
