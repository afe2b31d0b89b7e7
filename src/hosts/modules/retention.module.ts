import type { ChangeRetentionInput, RetentionView } from "../../application/retention/retention-settings.js";
import type { RetentionReport } from "../../application/retention/run-retention.js";
import { retentionRouteDocs, retentionRoutes } from "../../adapters/http/retention-routes.js";
import type { Failure } from "../../domain/shared/failure.js";
import type { Result } from "../../domain/shared/result.js";
import { registerRetentionCommands } from "../cli/retention-commands.js";
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
  http: ({ useCases }) => ({ routers: [retentionRoutes(useCases)], docs: retentionRouteDocs }),
  cli: (program, cli) => registerRetentionCommands(program, cli),
  library: ({ useCases, workspaceId: id }): RetentionLibrary => ({
    retention: {
      get: () => useCases.getRetention.execute(id),
      set: (change) => useCases.setRetention.execute(id, change),
      run: (options) => useCases.runRetention.execute(id, options),
    },
  }),
});
