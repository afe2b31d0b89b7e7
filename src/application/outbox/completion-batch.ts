import { ok } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";

/**
 * Completions of one claim, written in batches: the first completion starts a transaction at once;
 * those that arrive while it commits go together in the next.
 */
export class CompletionBatch {
  private pending: Array<{ id: string; at: string }> = [];
  private flushing: Promise<void> | null = null;
  /** Kept until `settled()`, so a failed write surfaces in the pass instead of as an unhandled rejection. */
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly token: string,
  ) {}

  add(id: string, at: string): void {
    this.pending.push({ id, at });
    this.flushing ??= this.flush();
  }

  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.failure) throw this.failure.error;
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        const at = batch[batch.length - 1]?.at ?? "";
        await this.uow.runSystem(async (tx) => ok(await tx.outboxQueue.completeAll(batch.map((entry) => entry.id), this.token, at)));
      }
    } catch (error) {
      this.failure ??= { error };
    } finally {
      this.flushing = null;
    }
  }
}
