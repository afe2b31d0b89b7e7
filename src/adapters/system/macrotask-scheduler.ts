import type { Scheduler } from "../../application/ports/scheduler.js";

/**
 * Yields with `setImmediate`: a microtask (a resolved promise) would run before any I/O, so only
 * a macrotask lets pending requests and timers in between two batches.
 */
export class MacrotaskScheduler implements Scheduler {
  yield(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }
}
