export interface PollingWorkerOptions {
  /** One pass of work; it should check the signal between units of work and return soon after it fires. */
  readonly pass: (signal: AbortSignal) => Promise<unknown>;
  readonly intervalMs: number;
  readonly onError: (error: unknown) => void;
}

/**
 * Runs a pass, sleeps, runs again — and wakes early when nudged (e.g. right after a commit wrote
 * new outbox messages). `stop()` lets the pass in flight finish its current unit, then resolves.
 */
export class PollingWorker {
  private readonly abort = new AbortController();
  private wake: (() => void) | null = null;
  private nudged = false;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: PollingWorkerOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    while (!signal.aborted) {
      this.nudged = false;
      try {
        await this.options.pass(signal);
      } catch (error) {
        this.options.onError(error);
      }
      if (signal.aborted || this.nudged) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.intervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}
