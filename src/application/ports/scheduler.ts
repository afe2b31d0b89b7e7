/**
 * Lets a long job share the process with the requests it runs beside. Storage calls through
 * better-sqlite3 resolve at once, so a loop of awaits never gives anything else a turn; a job
 * that walks through thousands of records calls `yield()` between small batches instead.
 */
export interface Scheduler {
  /** Resolves after everything already waiting (incoming requests, timers) had its turn. */
  yield(): Promise<void>;
}
