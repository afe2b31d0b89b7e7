import { StorageBusyError } from "../../application/ports/unit-of-work.js";
import type { Result } from "../../domain/shared/result.js";
import { Mutex } from "../shared/mutex.js";
import type { SqliteDatabase } from "./sqlite-database.js";

export interface GroupCommitOptions {
  /** How long a write waits, in all, for a lock another process holds; then StorageBusyError. */
  readonly lockWaitMs: number;
  /** After each commit, leave the lock free this long at most (as long as it was held); 0: never. */
  readonly lockShareMs: number;
  /** Most transactions one commit carries, so a steady stream of writes still commits regularly. */
  readonly maxBatch: number;
  /** Work that belongs to the batch as a whole, done in its transaction just before it commits (search indexing). */
  readonly beforeCommit?: () => void;
}

/** Pauses between attempts to take a lock another process holds grow to this. */
const FIRST_PAUSE_MS = 1;
const MAX_PAUSE_MS = 10;

const isBusy = (error: unknown): boolean =>
  typeof (error as { code?: unknown }).code === "string" && (error as { code: string }).code.startsWith("SQLITE_BUSY");

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** One open SQLite transaction that carries the work of several callers. */
interface Batch {
  readonly waiters: Waiter[];
  readonly beganAt: number;
  commitScheduled: boolean;
}

/** The whole batch was rolled back by SQLite under another caller's failing statement. */
export class BatchAbortedError extends Error {
  constructor(cause: unknown) {
    super("the shared transaction was rolled back by a failure of another write; nothing of this write was stored", { cause });
    this.name = "BatchAbortedError";
  }
}

/**
 * Group commit on the writing connection (docs/adr/0011). Callers still run one at a time (the
 * connection is synchronous, the ports async), but they share one transaction: the first opens it
 * with BEGIN IMMEDIATE, each runs inside its own SAVEPOINT, and the transaction commits at the end
 * of the event-loop turn in which the callers queued behind each other finished, so every request
 * whose I/O arrived in that turn joins the same commit. A failing caller rolls back to its own
 * savepoint; its neighbours keep their work.
 *
 * The commit itself writes the WAL without waiting for the disk (the connection runs at
 * synchronous=NORMAL); durability comes from one fdatasync of the WAL on libuv's thread pool,
 * shared by every commit made since the previous one started. A caller is answered only after the
 * sync that covers its commit, so a success still means "on disk", and the event loop never waits
 * for the disk: the next batch runs while the previous one is being synced.
 */
export class GroupCommit {
  private readonly mutex = new Mutex();
  private batch: Batch | null = null;
  private awaitingSync: Waiter[] = [];
  private syncing = false;
  /** When the write lock was last released, and how long it had been held. */
  private released = { at: 0, heldMs: 0 };

  constructor(
    private readonly database: SqliteDatabase,
    private readonly options: GroupCommitOptions,
  ) {
    // The WAL is synced by `sync()` after each commit, off the event loop; see the class comment.
    this.database.db.pragma("synchronous = NORMAL");
  }

  /** Runs work in the open batch under its own savepoint; resolves once the batch is on disk. */
  async run<T, E>(work: () => Promise<Result<T, E>>): Promise<Result<T, E>> {
    // The wait counts from the call, so requests queued behind a waiting one do not wait again in turn.
    const deadline = performance.now() + this.options.lockWaitMs;
    const { result, durable } = await this.mutex.run(() => this.runInBatch(work, deadline));
    await durable;
    return result;
  }

  /** Runs work on the connection outside any transaction (a WAL checkpoint): the open batch commits first. */
  exclusive<T>(work: () => T): Promise<T> {
    return this.mutex.run(async () => {
      if (this.batch) this.commit(this.batch);
      return work();
    });
  }

  private async runInBatch<T, E>(work: () => Promise<Result<T, E>>, deadline: number): Promise<{ result: Result<T, E>; durable: Promise<void> }> {
    const batch = this.batch ?? (await this.open(deadline));
    const db = this.database.db;
    db.exec("SAVEPOINT request");
    let result: Result<T, E>;
    try {
      result = await work();
    } catch (error) {
      this.undo(batch, error);
      throw error;
    }
    if (!result.ok) {
      this.undo(batch, null);
      return { result, durable: Promise.resolve() };
    }
    db.exec("RELEASE request");
    const durable = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    if (batch.waiters.length >= this.options.maxBatch) this.commit(batch);
    else this.scheduleCommit(batch);
    return { result, durable };
  }

  /** Undoes the caller's own work; if SQLite rolled back the whole transaction, the batch is lost. */
  private undo(batch: Batch, error: unknown): void {
    const db = this.database.db;
    if (db.inTransaction) {
      db.exec("ROLLBACK TO request; RELEASE request");
      return;
    }
    this.batch = null;
    this.markReleased(batch);
    for (const waiter of batch.waiters) waiter.reject(new BatchAbortedError(error));
  }

  private async open(deadline: number): Promise<Batch> {
    await this.leaveLockFree();
    await this.beginImmediate(deadline);
    this.batch = { waiters: [], beganAt: performance.now(), commitScheduled: false };
    return this.batch;
  }

  /**
   * setImmediate runs after the I/O callbacks of the current loop turn: every request that arrived
   * in this turn and reached the unit of work queued on the mutex before this commit does.
   */
  private scheduleCommit(batch: Batch): void {
    if (batch.commitScheduled) return;
    batch.commitScheduled = true;
    setImmediate(() => {
      void this.mutex.run(async () => {
        if (this.batch === batch) this.commit(batch);
      });
    });
  }

  private commit(batch: Batch): void {
    const db = this.database.db;
    this.batch = null;
    try {
      this.options.beforeCommit?.();
      db.exec("COMMIT");
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      for (const waiter of batch.waiters) waiter.reject(error);
      return;
    } finally {
      this.markReleased(batch);
    }
    this.awaitingSync.push(...batch.waiters);
    if (!this.syncing) void this.syncLoop();
  }

  /** One sync at a time; every commit made while one runs is covered by the next. */
  private async syncLoop(): Promise<void> {
    this.syncing = true;
    try {
      while (this.awaitingSync.length > 0) {
        const group = this.awaitingSync;
        this.awaitingSync = [];
        try {
          await this.database.syncWal();
          for (const waiter of group) waiter.resolve();
        } catch (error) {
          for (const waiter of group) waiter.reject(error);
        }
      }
    } finally {
      this.syncing = false;
    }
  }

  private markReleased(batch: Batch): void {
    const at = performance.now();
    this.released = { at, heldMs: at - batch.beganAt };
  }

  /**
   * A batch job beside a server: after a transaction, the lock stays free for as long as it was
   * held, up to `lockShareMs`, so a writer in another process that polls for it gets its turn
   * instead of finding it taken again at once.
   */
  private async leaveLockFree(): Promise<void> {
    if (this.options.lockShareMs <= 0) return;
    const until = this.released.at + Math.min(this.released.heldMs, this.options.lockShareMs);
    const wait = until - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /**
   * While another process holds the write lock, BEGIN IMMEDIATE is retried with pauses on real
   * timers, so the event loop keeps serving (the connection's busy timeout, which blocks the loop,
   * is kept to a few milliseconds by the server).
   */
  private async beginImmediate(deadline: number): Promise<void> {
    for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, MAX_PAUSE_MS)) {
      try {
        this.database.db.exec("BEGIN IMMEDIATE");
        return;
      } catch (error) {
        if (!isBusy(error)) throw error;
        const left = deadline - performance.now();
        if (left <= 0) throw new StorageBusyError(Math.max(1, Math.ceil(this.options.lockWaitMs / 1000)));
        await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
      }
    }
  }
}
