/** The delivery state of an outbox message, beside the event it carries. */
export type OutboxStatus = "pending" | "done" | "failed";

export interface OutboxMessage {
  readonly id: string;
  readonly workspaceId: string;
  /** A DomainEventType, or a type written by a newer version: unknown types are skipped, not failed. */
  readonly type: string;
  readonly aggregateId: string;
  readonly occurredAt: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly status: OutboxStatus;
  /** Attempts started so far, the one in progress included. */
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError: string | null;
  readonly processedAt: string | null;
}

export interface OutboxClaimRequest {
  readonly now: string;
  /** A claimed message is invisible to other dispatchers until then; after a crash it becomes due again. */
  readonly leaseUntil: string;
  readonly limit: number;
  /** Proves ownership when completing: a dispatcher whose lease ran out cannot complete over another's claim. */
  readonly token: string;
}

export interface OutboxListQuery {
  readonly status?: OutboxStatus;
  readonly limit: number;
}

/**
 * The delivery side of the outbox, across all workspaces (system transactions only). The write
 * side is `Outbox.add` inside a use case's own transaction.
 */
export interface OutboxQueue {
  /** Due pending messages, oldest first; each claimed one has its attempts raised by one. */
  claimDue(request: OutboxClaimRequest): Promise<readonly OutboxMessage[]>;
  /** Marks claimed messages done in one go; returns how many were still held by this claim. */
  completeAll(ids: readonly string[], token: string, at: string): Promise<number>;
  /** Hands claimed messages back unattempted (a dispatcher that stops mid-batch): due again at `now`. */
  release(ids: readonly string[], token: string, now: string): Promise<number>;
  /** Records a failed attempt: back to pending at `nextAttemptAt`, or failed for good. */
  recordFailure(id: string, token: string, outcome: { status: "pending" | "failed"; nextAttemptAt: string; lastError: string }): Promise<boolean>;
  findById(id: string): Promise<OutboxMessage | null>;
  /** Newest first. */
  list(query: OutboxListQuery): Promise<readonly OutboxMessage[]>;
  /** Puts a failed message back in line with fresh attempts; false when it is not failed. */
  requeueFailed(id: string, now: string): Promise<boolean>;
  requeueAllFailed(now: string): Promise<number>;
  /**
   * Deletes at most `limit` delivered (done) messages processed before `before`, except those of
   * the `keep` types; dead letters stay.
   */
  purgeDelivered(before: string, limit: number, keep: readonly string[]): Promise<number>;
}
