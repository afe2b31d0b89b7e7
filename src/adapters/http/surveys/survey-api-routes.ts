import Router from "@koa/router";
import type { DependencyContainer, InjectionToken } from "tsyringe";
import { z } from "zod";
import type { AuthenticateApiKey } from "../../../application/access/authenticate-api-key.js";
import { CreateDispatch } from "../../../application/surveys/create-dispatch.js";
import { AddParticipants } from "../../../application/surveys/add-participants.js";
import { CloseDispatch } from "../../../application/surveys/close-dispatch.js";
import { GetDispatch } from "../../../application/surveys/get-dispatch.js";
import { ListDispatches } from "../../../application/surveys/list-dispatches.js";
import { CreateSurvey } from "../../../application/surveys/create-survey.js";
import { DeleteSurvey } from "../../../application/surveys/delete-survey.js";
import { GetSurvey } from "../../../application/surveys/get-survey.js";
import { ListSurveys } from "../../../application/surveys/list-surveys.js";
import { UpdateSurvey } from "../../../application/surveys/update-survey.js";
import { GetParticipantList } from "../../../application/surveys/get-participant-list.js";
import { PatchListMembers } from "../../../application/surveys/patch-list-members.js";
import { ReplaceListMembers } from "../../../application/surveys/replace-list-members.js";
import { GetCustomerSatisfaction } from "../../../application/surveys/get-customer-satisfaction.js";
import { GetSurveyResults } from "../../../application/surveys/get-survey-results.js";
import {
  AddParticipantsInput,
  CreateDispatchInput,
  CreateSurveyInput,
  CreateTriggerInput,
  DispatchReportView,
  DispatchView,
  MembershipView,
  PatchMembersInput,
  ReplaceMembersInput,
  ResultsQuery,
  ResultsView,
  SatisfactionView,
  SurveyView,
  TriggerView,
  UpdateSurveyInput,
} from "../../../application/surveys/survey-schemas.js";
import { CreateSurveyTrigger } from "../../../application/surveys/create-survey-trigger.js";
import { DeleteSurveyTrigger } from "../../../application/surveys/delete-survey-trigger.js";
import { ListSurveyTriggers } from "../../../application/surveys/list-survey-triggers.js";
import { queryObject, workspaceOf, type LeadportState } from "../context.js";
import { jsonBody } from "../json-body.js";
import { requireSecretKey } from "../middleware.js";
import type { RouteDoc } from "../openapi/route-doc.js";
import { unwrap } from "../problem.js";

/** Surveys, dispatches, participants, trigger rules, results and participant lists under /api/v1. */
export function surveyApiRoutes(container: DependencyContainer, authenticate: AuthenticateApiKey): Router<LeadportState> {
  const router = new Router<LeadportState>({ prefix: "/api/v1" });
  const auth = requireSecretKey(authenticate);
  const use = <T>(useCase: InjectionToken<T>): T => container.resolve(useCase);
  const id = (params: Record<string, string | undefined>) => String(params.id);

  router.post("/surveys", auth, jsonBody(), async (ctx) => {
    const survey = unwrap(await use(CreateSurvey).execute(workspaceOf(ctx.state), ctx.state.body as CreateSurveyInput));
    ctx.status = 201;
    ctx.set("Location", `/api/v1/surveys/${survey.id}`);
    ctx.body = survey;
  });
  router.get("/surveys", auth, async (ctx) => {
    ctx.body = { items: unwrap(await use(ListSurveys).execute(workspaceOf(ctx.state))) };
  });
  router.get("/surveys/:id", auth, async (ctx) => {
    ctx.body = unwrap(await use(GetSurvey).execute(workspaceOf(ctx.state), id(ctx.params)));
  });
  router.patch("/surveys/:id", auth, jsonBody(), async (ctx) => {
    ctx.body = unwrap(await use(UpdateSurvey).execute(workspaceOf(ctx.state), id(ctx.params), ctx.state.body as UpdateSurveyInput));
  });
  router.delete("/surveys/:id", auth, async (ctx) => {
    unwrap(await use(DeleteSurvey).execute(workspaceOf(ctx.state), id(ctx.params)));
    ctx.status = 204;
  });
  router.post("/surveys/:id/dispatches", auth, jsonBody(), async (ctx) => {
    ctx.status = 201;
    ctx.body = unwrap(await use(CreateDispatch).execute(workspaceOf(ctx.state), id(ctx.params), ctx.state.body as CreateDispatchInput));
  });
  router.get("/surveys/:id/dispatches", auth, async (ctx) => {
    ctx.body = { items: unwrap(await use(ListDispatches).execute(workspaceOf(ctx.state), id(ctx.params))) };
  });
  router.get("/surveys/:id/results", auth, async (ctx) => {
    ctx.body = unwrap(await use(GetSurveyResults).execute(workspaceOf(ctx.state), id(ctx.params), queryObject(ctx.query) as ResultsQuery));
  });
  router.get("/dispatches/:id", auth, async (ctx) => {
    ctx.body = unwrap(await use(GetDispatch).execute(workspaceOf(ctx.state), id(ctx.params)));
  });
  router.post("/dispatches/:id/participants", auth, jsonBody(), async (ctx) => {
    ctx.body = unwrap(await use(AddParticipants).execute(workspaceOf(ctx.state), id(ctx.params), ctx.state.body as AddParticipantsInput));
  });
  router.post("/dispatches/:id/close", auth, async (ctx) => {
    ctx.body = unwrap(await use(CloseDispatch).execute(workspaceOf(ctx.state), id(ctx.params)));
  });
  router.get("/customers/:id/satisfaction", auth, async (ctx) => {
    ctx.body = unwrap(await use(GetCustomerSatisfaction).execute(workspaceOf(ctx.state), id(ctx.params)));
  });
  router.get("/participant-lists/:id/members", auth, async (ctx) => {
    ctx.body = unwrap(await use(GetParticipantList).execute(workspaceOf(ctx.state), id(ctx.params)));
  });
  router.put("/participant-lists/:id/members", auth, jsonBody(), async (ctx) => {
    ctx.body = unwrap(await use(ReplaceListMembers).execute(workspaceOf(ctx.state), id(ctx.params), ctx.state.body as ReplaceMembersInput));
  });
  router.patch("/participant-lists/:id/members", auth, jsonBody(), async (ctx) => {
    ctx.body = unwrap(await use(PatchListMembers).execute(workspaceOf(ctx.state), id(ctx.params), ctx.state.body as PatchMembersInput));
  });
  router.post("/survey-triggers", auth, jsonBody(), async (ctx) => {
    ctx.status = 201;
    ctx.body = unwrap(await use(CreateSurveyTrigger).execute(workspaceOf(ctx.state), ctx.state.body as CreateTriggerInput));
  });
  router.get("/survey-triggers", auth, async (ctx) => {
    ctx.body = { items: unwrap(await use(ListSurveyTriggers).execute(workspaceOf(ctx.state))) };
  });
  router.delete("/survey-triggers/:id", auth, async (ctx) => {
    unwrap(await use(DeleteSurveyTrigger).execute(workspaceOf(ctx.state), id(ctx.params)));
    ctx.status = 204;
  });
  return router;
}

const TAGS = ["Surveys"];
/*
 * A response schema may not also appear nested in another route's response (the generator would
 * have to name it a shared component); the single-record answers therefore get copies of their own.
 */
const SurveyAnswer = SurveyView.extend({});
const DispatchAnswer = DispatchView.extend({});
const TriggerAnswer = TriggerView.extend({});
const listOf = (item: z.ZodType) => z.object({ items: z.array(item) });
const notFound = (what: string) => ({ description: `No such ${what} in this workspace` });
const invalid = { description: "Invalid input; `errors` names each failing field (a rule out of range, too many participants)" };

export const surveyApiRouteDocs: readonly RouteDoc[] = [
  {
    method: "post",
    path: "/api/v1/surveys",
    summary: "Create a survey",
    description:
      "Without `questions` the survey gets a 1–5 satisfaction rating, a 0–10 recommendation question and a comment, in its language (the workspace's by default, German). Quarantine `days` 0–730 (default 30), reminders after 1–90 days, at most 0–5 (defaults 7 and 2), `closeAfterDays` 1–365 (default 30).",
    tags: TAGS,
    auth: "secret-key",
    body: CreateSurveyInput,
    example: { title: "Wie zufrieden waren Sie mit unserem Service?" },
    responses: { 201: { description: "The survey", schema: SurveyAnswer }, 400: invalid },
  },
  { method: "get", path: "/api/v1/surveys", summary: "List surveys, oldest first", tags: TAGS, auth: "secret-key", responses: { 200: { description: "The surveys", schema: listOf(SurveyView) } } },
  { method: "get", path: "/api/v1/surveys/:id", summary: "One survey", tags: TAGS, auth: "secret-key", responses: { 200: { description: "The survey", schema: SurveyAnswer }, 404: notFound("survey") } },
  {
    method: "patch",
    path: "/api/v1/surveys/:id",
    summary: "Change a survey",
    description: "Fields sent are changed; `quarantine` and `reminders` merge field by field.",
    tags: TAGS,
    auth: "secret-key",
    body: UpdateSurveyInput,
    responses: { 200: { description: "The changed survey", schema: SurveyAnswer }, 400: invalid, 404: notFound("survey") },
  },
  {
    method: "delete",
    path: "/api/v1/surveys/:id",
    summary: "Delete a survey with its dispatches, answers and trigger rules",
    tags: TAGS,
    auth: "secret-key",
    responses: { 204: { description: "Deleted" }, 404: notFound("survey") },
  },
  {
    method: "post",
    path: "/api/v1/surveys/:id/dispatches",
    summary: "Send a survey out: shared or personal, to participants or a participant list",
    description:
      "`shared`: one dispatch, more participants can be added later, no reminders. `personal`: one dispatch per participant, with the survey's reminders. Each participant is checked against the quarantine; the answer lists who was invited and who was skipped, with the date they become eligible again. At most LEADPORT_SURVEY_MAX_PARTICIPANTS participants per request (default 1000; more → 400 naming the limit).",
    tags: TAGS,
    auth: "secret-key",
    body: CreateDispatchInput,
    responses: { 201: { description: "Who was invited and who was skipped", schema: DispatchReportView }, 400: invalid, 404: notFound("survey, customer or participant list") },
  },
  {
    method: "get",
    path: "/api/v1/surveys/:id/dispatches",
    summary: "A survey's dispatches, newest first, including those its triggers started",
    tags: TAGS,
    auth: "secret-key",
    responses: { 200: { description: "The dispatches", schema: listOf(DispatchView) }, 404: notFound("survey") },
  },
  {
    method: "get",
    path: "/api/v1/surveys/:id/results",
    summary: "A survey's results: sent, answered, response rate, averages, NPS, distributions",
    description: "Filter with `variable=name=value` (a background variable, e.g. `variable=region=Nord`) and `from`/`to` (days, inclusive).",
    tags: TAGS,
    auth: "secret-key",
    query: ResultsQuery,
    responses: { 200: { description: "The results", schema: ResultsView }, 400: invalid, 404: notFound("survey") },
  },
  { method: "get", path: "/api/v1/dispatches/:id", summary: "One dispatch with its invited and skipped participants", tags: TAGS, auth: "secret-key", responses: { 200: { description: "The dispatch", schema: DispatchAnswer }, 404: notFound("dispatch") } },
  {
    method: "post",
    path: "/api/v1/dispatches/:id/participants",
    summary: "Add one or many participants to an open shared dispatch",
    tags: TAGS,
    auth: "secret-key",
    body: AddParticipantsInput,
    responses: {
      200: { description: "Who was invited and who was skipped", schema: DispatchReportView },
      400: invalid,
      404: notFound("dispatch or customer"),
      409: { description: "The dispatch is personal or closed" },
    },
  },
  {
    method: "post",
    path: "/api/v1/dispatches/:id/close",
    summary: "Close a dispatch: no more invitations, reminders or answers",
    tags: TAGS,
    auth: "secret-key",
    responses: { 200: { description: "The closed dispatch", schema: DispatchAnswer }, 404: notFound("dispatch") },
  },
  {
    method: "get",
    path: "/api/v1/customers/:id/satisfaction",
    summary: "A customer's survey scores: the latest and the history",
    tags: ["Surveys"],
    auth: "secret-key",
    responses: { 200: { description: "Latest answer and history, newest first", schema: SatisfactionView }, 404: notFound("customer") },
  },
  {
    method: "get",
    path: "/api/v1/participant-lists/:id/members",
    summary: "A participant list's members",
    tags: TAGS,
    auth: "secret-key",
    responses: { 200: { description: "The list", schema: MembershipView }, 404: notFound("participant list") },
  },
  {
    method: "put",
    path: "/api/v1/participant-lists/:id/members",
    summary: "Replace a participant list's members (directory sync)",
    description: "Idempotent: the list becomes exactly the members sent, created on first use; the answer counts what was added, updated and removed. At most LEADPORT_SURVEY_MAX_PARTICIPANTS members.",
    tags: TAGS,
    auth: "secret-key",
    body: ReplaceMembersInput,
    responses: { 200: { description: "The list and what changed", schema: MembershipView }, 400: invalid, 404: notFound("customer") },
  },
  {
    method: "patch",
    path: "/api/v1/participant-lists/:id/members",
    summary: "Add, update or remove single members of a participant list",
    tags: TAGS,
    auth: "secret-key",
    body: PatchMembersInput,
    responses: { 200: { description: "The list and what changed", schema: MembershipView }, 400: invalid, 404: notFound("participant list or customer") },
  },
  {
    method: "post",
    path: "/api/v1/survey-triggers",
    summary: "Send a survey to the customer when a ticket is closed, an order accepted or an inquiry won",
    tags: TAGS,
    auth: "secret-key",
    body: CreateTriggerInput,
    responses: { 201: { description: "The trigger rule", schema: TriggerAnswer }, 400: invalid, 404: notFound("survey") },
  },
  { method: "get", path: "/api/v1/survey-triggers", summary: "List trigger rules", tags: TAGS, auth: "secret-key", responses: { 200: { description: "The rules", schema: listOf(TriggerView) } } },
  { method: "delete", path: "/api/v1/survey-triggers/:id", summary: "Delete a trigger rule", tags: TAGS, auth: "secret-key", responses: { 204: { description: "Deleted" }, 404: notFound("trigger rule") } },
];
