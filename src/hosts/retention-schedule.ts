import type { RetentionReport } from "../application/retention/run-retention.js";
import type { UseCases } from "./container.js";

export const DAY_MS = 24 * 60 * 60 * 1000;

/** When the server applies retention; the retention module registers it, tests shorten it. */
export interface RetentionSchedule {
  /** Between runs; default one day. */
  readonly intervalMs?: number;
  /** The first run after start-up, so a server restarted daily still applies retention; default one minute. */
  readonly firstRunMs?: number;
}

export const RETENTION_SCHEDULE = Symbol.for("leadport.retention.schedule");

export interface RetentionScheduleOptions extends RetentionSchedule {
  readonly onReport?: (report: RetentionReport) => void;
  readonly onError: (error: unknown) => void;
}

/** Applies every workspace's retention periods on a timer that never keeps the process alive. */
export function scheduleRetention(useCases: Pick<UseCases, "listWorkspaces" | "runRetention">, options: RetentionScheduleOptions): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const pass = async () => {
    const workspaces = await useCases.listWorkspaces.execute();
    if (!workspaces.ok) throw new Error(workspaces.error.message);
    for (const workspace of workspaces.value) {
      if (stopped) return;
      const report = await useCases.runRetention.execute(workspace.id);
      if (!report.ok) throw new Error(`${workspace.name}: ${report.error.message}`);
      options.onReport?.(report.value);
    }
  };
  const tick = () => {
    if (stopped) return;
    running = running.then(pass).catch(options.onError);
  };
  const first = setTimeout(tick, options.firstRunMs ?? 60_000);
  const every = setInterval(tick, options.intervalMs ?? DAY_MS);
  first.unref();
  every.unref();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
