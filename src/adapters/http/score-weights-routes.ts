import Router from "@koa/router";
import type { AuthenticateApiKey } from "../../application/access/authenticate-api-key.js";
import { RescoreSummarySchema, type RescoreInquiries, type RescoreSummary } from "../../application/inquiries/rescore-inquiries.js";
import { ChangeScoreWeightsInput, ScoreWeightsViewSchema, type ScoreWeightsView } from "../../application/workspaces/score-weights.js";
import { type GetScoreWeights } from "../../application/workspaces/get-score-weights.js";
import { type SetScoreWeights } from "../../application/workspaces/set-score-weights.js";
import { workspaceOf, type LeadportState } from "./context.js";
import { jsonBody } from "./json-body.js";
import { requireSecretKey } from "./middleware.js";
import type { RouteDoc } from "./openapi/route-doc.js";
import { unwrap } from "./problem.js";

export interface ScoreWeightsServices {
  readonly authenticate: AuthenticateApiKey;
  readonly getScoreWeights: GetScoreWeights;
  readonly setScoreWeights: SetScoreWeights;
  readonly rescoreInquiries: RescoreInquiries;
}

const PATH = "/settings/score-weights";

/** The workspace's lead-score weights, and rescoring its inquiries after a change. */
export function scoreWeightsRoutes(services: ScoreWeightsServices): Router<LeadportState> {
  const router = new Router<LeadportState>({ prefix: "/api/v1" });
  const auth = requireSecretKey(services.authenticate);

  router.get(PATH, auth, async (ctx) => {
    ctx.body = unwrap(await services.getScoreWeights.execute(workspaceOf(ctx.state))) satisfies ScoreWeightsView;
  });

  router.patch(PATH, auth, jsonBody(), async (ctx) => {
    const body = ctx.state.body as ChangeScoreWeightsInput;
    ctx.body = unwrap(await services.setScoreWeights.execute(workspaceOf(ctx.state), body)) satisfies ScoreWeightsView;
  });

  router.post(`${PATH}/rescore`, auth, async (ctx) => {
    ctx.body = unwrap(await services.rescoreInquiries.execute(workspaceOf(ctx.state))) satisfies RescoreSummary;
  });

  return router;
}

/** The API reference of the routes above. */
export const scoreWeightsRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: `/api/v1${PATH}`,
    summary: "The workspace's lead-score weights",
    tags: ["Settings"],
    auth: "secret-key",
    responses: { 200: { description: "Each rule's weight and the value rule's ceiling.", schema: ScoreWeightsViewSchema } },
  },
  {
    method: "patch",
    path: `/api/v1${PATH}`,
    summary: "Change some lead-score weights",
    description:
      "Settings left out keep their value. Weights are finite numbers of 0 or more (0 switches a rule off) and at least one rule must weigh more than 0; `valueCeilingEuros` must be greater than 0. New and changed inquiries are scored with the new weights at once; existing ones after `POST …/rescore`.",
    tags: ["Settings"],
    auth: "secret-key",
    body: ChangeScoreWeightsInput,
    example: { value: 30, urgency: 10 },
    responses: { 200: { description: "All weights after the change.", schema: ScoreWeightsViewSchema }, 400: { description: "Unknown setting or invalid value" } },
  },
  {
    method: "post",
    path: `/api/v1${PATH}/rescore`,
    summary: "Score every inquiry again with the current weights",
    description:
      "Runs in batches, one transaction each. An inquiry whose score and reasons stay the same is left untouched; a changed one gets a new `updatedAt` and an `InquiryUpdated` event (staff are not notified).",
    tags: ["Settings"],
    auth: "secret-key",
    responses: { 200: { description: "How many inquiries were looked at and how many changed.", schema: RescoreSummarySchema } },
  },
];
