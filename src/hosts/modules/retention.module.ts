import type { ChangeRetentionInput, RetentionView } from "../../application/retention/retention-settings.js";
import type { RetentionReport } from "../../application/retention/run-retention.js";
import { retentionRouteDocs, retentionRoutes } from "../../adapters/http/retention-routes.js";
import type { Failure } from "../../domain/shared/failure.js";
import type { Result } from "../../domain/shared/result.js";
import { registerRetentionCommands } from "../cli/retention-commands.js";
import { RETENTION_SCHEDULE, scheduleRetention, type RetentionSchedule } from "../retention-schedule.js";
import { defineModule } from "./feature-module.js";

export interface RetentionLibrary {
  /** How long the workspace keeps closed tickets, lost inquiries and delivered events; `run` applies it now (`dryRun` lists only). */
  readonly retention: {
    get(): Promise<Result<RetentionView, Failure>>;
    set(change: ChangeRetentionInput): Promise<Result<RetentionView, Failure>>;
    run(options?: { dryRun?: boolean }): Promise<Result<RetentionReport, Failure>>;
  };
}

/** How long a workspace keeps what it no longer needs, and removing it (the server also runs it daily). */
export const retentionModule = defineModule({
  name: "retention",
  // The defaults of scheduleRetention: a minute after start, then daily.
  register: (container) => container.registerInstance<RetentionSchedule>(RETENTION_SCHEDULE, {}),
  http: ({ useCases }) => ({ routers: [retentionRoutes(useCases)], docs: retentionRouteDocs }),
  cli: (program, cli) => registerRetentionCommands(program, cli),
  library: ({ useCases, workspaceId: id }): RetentionLibrary => ({
    retention: {
      get: () => useCases.getRetention.execute(id),
      set: (change) => useCases.setRetention.execute(id, change),
      run: (options) => useCases.runRetention.execute(id, options),
    },
  }),
  background: ({ container, useCases, logger }) =>
    scheduleRetention(useCases, {
      ...container.resolve<RetentionSchedule>(RETENTION_SCHEDULE),
      onError: (error) => logger.error({ err: String(error) }, "retention run failed"),
    }),
});
