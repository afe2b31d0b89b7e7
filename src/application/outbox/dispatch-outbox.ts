import { inject, injectable } from "tsyringe";
import { afterFailedAttempt } from "../../domain/outbox/retry-policy.js";
import type { DomainEventType } from "../../domain/events.js";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { Scheduler } from "../ports/scheduler.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { CompletionBatch } from "./completion-batch.js";
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
/** Messages claimed in one transaction. */
const CLAIM_BATCH = 20;
/** Delivered messages deleted per purge; a backlog of history goes over several passes. */
const PURGE_BATCH = 1000;
/** Delivered messages the purge leaves to the workspace's retention, which deletes what they reference with them. */
const KEPT_UNTIL_RETENTION: readonly DomainEventType[] = ["StaffMailRequested"];
/** Purges run at most this often: a pass runs after every commit, a purge needs to run seldom. */
const PURGE_INTERVAL_MS = 60_000;

/**
 * Put in a handler's `eventTypes`, it receives every message, including types declared later by
 * other features (a consumer such as outbound webhooks that filters by its own rules).
 */
export const EVERY_EVENT_TYPE = "*";

function handlesType(handler: OutboxHandler, type: string): boolean {
  return handler.eventTypes.includes(type) || handler.eventTypes.includes(EVERY_EVENT_TYPE);
}

/**
 * One dispatch pass: claims due messages in batches (one transaction for many) and hands each to
 * its handlers, until none is due. Completions are written in batches too, by a flush that starts
 * as soon as a message is done and carries every completion that arrives while it is being
 * committed, so a crash repeats about the message in flight, not the whole batch. After each
 * message the pass yields to the event loop: a backlog of thousands (an import) drains beside the
 * requests instead of holding them until it is done. Delivered messages older than the retention
 * period are deleted at the end of a pass, at most once a minute.
 */
@injectable()
export class DispatchOutbox {
  private nextPurgeAt = 0;

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
      const now = this.clock.now();
      const leaseUntil = new Date(now.getTime() + this.settings.leaseMs);
      const claimed = await this.uow.runSystem(async (tx) =>
        // Messages written during the pass (the mails a notification requested) are due at once and
        // go out in the same pass; a failed one waits for its backoff, which bounds the pass.
        ok(await tx.outboxQueue.claimDue({ now: now.toISOString(), leaseUntil: leaseUntil.toISOString(), limit: CLAIM_BATCH, token })),
      );
      const messages = claimed.ok ? claimed.value : [];
      if (messages.length === 0) break;
      const completions = new CompletionBatch(this.uow, token);
      // Past half the lease, the rest goes back unattempted rather than risk a second dispatcher taking it over.
      const handBackAfter = now.getTime() + this.settings.leaseMs / 2;
      let next = 0;
      for (; next < messages.length && !options.signal?.aborted && this.clock.now().getTime() < handBackAfter; next++) {
        const message = messages[next] as OutboxMessage;
        report[await this.dispatch(message, token, completions, options.onFailure)] += 1;
        await this.scheduler.yield();
      }
      await completions.settled();
      const unattempted = messages.slice(next).map((message) => message.id);
      if (unattempted.length > 0) {
        await this.uow.runSystem(async (tx) => ok(await tx.outboxQueue.release(unattempted, token, this.clock.now().toISOString())));
      }
    }
    if (!options.signal?.aborted) await this.purgeDelivered();
    return ok(report);
  }

  private async dispatch(
    message: OutboxMessage,
    token: string,
    completions: CompletionBatch,
    onFailure?: (failure: DispatchFailure) => void,
  ): Promise<keyof DispatchReport> {
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
      completions.add(message.id, now.toISOString());
      return "done";
    }
    const decision = afterFailedAttempt(message.attempts, this.settings.retry, now);
    await this.uow.runSystem(async (tx) => ok(await tx.outboxQueue.recordFailure(message.id, token, { ...decision, lastError: failure })));
    onFailure?.({ messageId: message.id, type: message.type, attempt: message.attempts, final: decision.status === "failed", error: failure });
    return decision.status === "failed" ? "failed" : "retrying";
  }

  /**
   * Keeps the outbox from growing with history: delivered messages are only kept for the retention
   * period. A requested staff mail stays: it is the reference to the stored copy of the mail, which
   * the workspace's retention deletes together with it, and erasure finds through it (ADR 0007).
   */
  private async purgeDelivered(): Promise<void> {
    const now = this.clock.now();
    if (now.getTime() < this.nextPurgeAt) return;
    this.nextPurgeAt = now.getTime() + PURGE_INTERVAL_MS;
    const before = new Date(now.getTime() - this.settings.retentionMs).toISOString();
    await this.uow.runSystem(async (tx) => ok(await tx.outboxQueue.purgeDelivered(before, PURGE_BATCH, KEPT_UNTIL_RETENTION)));
  }
}
