import Router from "@koa/router";
import { z } from "zod";
import type { AuthenticateApiKey } from "../../application/access/authenticate-api-key.js";
import { ChangeRetentionInput, RetentionViewSchema, type RetentionView } from "../../application/retention/retention-settings.js";
import { type GetRetention } from "../../application/retention/get-retention.js";
import { type SetRetention } from "../../application/retention/set-retention.js";
import { RetentionReportSchema, type RetentionReport, type RunRetention } from "../../application/retention/run-retention.js";
import { parseInput } from "../../application/shared/validation.js";
import { queryObject, workspaceOf, type LeadportState } from "./context.js";
import { jsonBody } from "./json-body.js";
import { requireSecretKey } from "./middleware.js";
import type { RouteDoc } from "./openapi/route-doc.js";
import { unwrap } from "./problem.js";

export interface RetentionServices {
  readonly authenticate: AuthenticateApiKey;
  readonly getRetention: GetRetention;
  readonly setRetention: SetRetention;
  readonly runRetention: RunRetention;
}

const PATH = "/settings/retention";

const RunRetentionQuery = z.strictObject({ dryRun: z.enum(["true", "false"], { error: 'must be "true" or "false"' }).optional() });

/** The workspace's retention periods, and running them now. */
export function retentionRoutes(services: RetentionServices): Router<LeadportState> {
  const router = new Router<LeadportState>({ prefix: "/api/v1" });
  const auth = requireSecretKey(services.authenticate);

  router.get(PATH, auth, async (ctx) => {
    ctx.body = unwrap(await services.getRetention.execute(workspaceOf(ctx.state))) satisfies RetentionView;
  });

  router.patch(PATH, auth, jsonBody(), async (ctx) => {
    ctx.body = unwrap(await services.setRetention.execute(workspaceOf(ctx.state), ctx.state.body as ChangeRetentionInput)) satisfies RetentionView;
  });

  router.post(`${PATH}/run`, auth, async (ctx) => {
    const query = unwrap(parseInput(RunRetentionQuery, queryObject(ctx.query)));
    ctx.body = unwrap(await services.runRetention.execute(workspaceOf(ctx.state), { dryRun: query.dryRun === "true" })) satisfies RetentionReport;
  });

  return router;
}

export const retentionRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: `/api/v1${PATH}`,
    summary: "The workspace's retention periods",
    tags: ["Settings"],
    auth: "secret-key",
    responses: { 200: { description: "Each period; null keeps those records for good.", schema: RetentionViewSchema } },
  },
  {
    method: "patch",
    path: `/api/v1${PATH}`,
    summary: "Change some retention periods",
    description:
      "Settings left out keep their value; `null` keeps those records for good. Periods are whole numbers from 1. Defaults: closed tickets, " +
      "lost inquiries and survey answers are kept, delivered outbox events and their stored mails go after 30 days. The server applies them daily.",
    tags: ["Settings"],
    auth: "secret-key",
    body: ChangeRetentionInput,
    example: { closedTicketsMonths: 24, lostInquiriesMonths: 12, surveyResponsesDays: 730 },
    responses: {
      200: { description: "All periods after the change.", schema: RetentionViewSchema },
      400: { description: "Unknown setting or invalid value; `errors[].path` names it." },
    },
  },
  {
    method: "post",
    path: `/api/v1${PATH}/run`,
    summary: "Apply the retention periods now",
    description: "`?dryRun=true` lists what would go without deleting anything.",
    tags: ["Settings"],
    auth: "secret-key",
    query: RunRetentionQuery,
    responses: {
      200: { description: "What went (or would go).", schema: RetentionReportSchema },
      400: { description: "`dryRun` is neither true nor false." },
    },
  },
];
