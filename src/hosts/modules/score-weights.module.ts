import type { RescoreSummary } from "../../application/inquiries/rescore-inquiries.js";
import type { ChangeScoreWeightsInput, ScoreWeightsView } from "../../application/workspaces/score-weights.js";
import { scoreWeightsRouteDocs, scoreWeightsRoutes } from "../../adapters/http/score-weights-routes.js";
import type { Failure } from "../../domain/shared/failure.js";
import type { Result } from "../../domain/shared/result.js";
import { registerScoreWeightsCommands } from "../cli/score-weights-commands.js";
import { defineModule } from "./feature-module.js";

export interface ScoreWeightsLibrary {
  /** The workspace's lead-score weights; `set` takes a partial change, `rescore` applies them to existing inquiries. */
  readonly scoreWeights: {
    get(): Promise<Result<ScoreWeightsView, Failure>>;
    set(change: ChangeScoreWeightsInput): Promise<Result<ScoreWeightsView, Failure>>;
    rescore(): Promise<Result<RescoreSummary, Failure>>;
  };
}

/** How much each lead-score rule counts in a workspace, and rescoring the inquiries it holds. */
export const scoreWeightsModule = defineModule({
  name: "score-weights",
  http: ({ useCases }) => ({ routers: [scoreWeightsRoutes(useCases)], docs: scoreWeightsRouteDocs }),
  cli: (program, cli) => registerScoreWeightsCommands(program, cli),
  library: ({ useCases, workspaceId: id }): ScoreWeightsLibrary => ({
    scoreWeights: {
      get: () => useCases.getScoreWeights.execute(id),
      set: (change) => useCases.setScoreWeights.execute(id, change),
      rescore: () => useCases.rescoreInquiries.execute(id),
    },
  }),
});
