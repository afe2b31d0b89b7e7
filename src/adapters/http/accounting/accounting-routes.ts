import Router from "@koa/router";
import type { AuthenticateApiKey } from "../../../application/access/authenticate-api-key.js";
import type { GetAccountingStatus } from "../../../application/accounting/get-accounting-status.js";
import type { GetAccountingSync } from "../../../application/accounting/get-accounting-sync.js";
import type { ResendQuoteDraft } from "../../../application/accounting/resend-quote-draft.js";
import { SendWonInquiriesInput, SentWonInquiriesSchema, type SendWonInquiries } from "../../../application/accounting/send-won-inquiries.js";
import { AccountingStatusSchema, AccountingSyncViewSchema } from "../../../application/accounting/accounting-view.js";
import { workspaceOf, type LeadportState } from "../context.js";
import { jsonBody } from "../json-body.js";
import { requireSecretKey } from "../middleware.js";
import type { ResponseDoc, RouteDoc } from "../openapi/route-doc.js";
import { HttpProblem, unwrap } from "../problem.js";
import type { Failure } from "../../../domain/shared/failure.js";
import type { Result } from "../../../domain/shared/result.js";

export interface AccountingRouteServices {
  readonly authenticate: AuthenticateApiKey;
  readonly getAccountingSync: GetAccountingSync;
  readonly getAccountingStatus: GetAccountingStatus;
  readonly resendQuoteDraft: ResendQuoteDraft;
  readonly sendWonInquiries: SendWonInquiries;
}

/** The use cases' conflicts are each one situation, so the problem names it with a code of its own. */
function unwrapConflict<T>(result: Result<T, Failure>, code: string): T {
  if (!result.ok && result.error.code === "conflict") throw new HttpProblem(409, code, result.error.message);
  return unwrap(result);
}

/** What went to the accounting system, per inquiry and for the whole workspace, and sending drafts again or late. Connecting is a CLI command. */
export function accountingRoutes(services: AccountingRouteServices): Router<LeadportState> {
  const router = new Router<LeadportState>({ prefix: "/api/v1" });
  const auth = requireSecretKey(services.authenticate);

  router.get("/inquiries/:id/accounting", auth, async (ctx) => {
    ctx.body = unwrap(await services.getAccountingSync.execute(workspaceOf(ctx.state), ctx.params.id ?? ""));
  });

  router.get("/accounting", auth, async (ctx) => {
    ctx.body = unwrap(await services.getAccountingStatus.execute(workspaceOf(ctx.state)));
  });

  router.post("/inquiries/:id/accounting/resend", auth, async (ctx) => {
    ctx.body = unwrapConflict(await services.resendQuoteDraft.execute(workspaceOf(ctx.state), ctx.params.id ?? ""), "accounting_not_resendable");
    ctx.status = 202;
  });

  router.post("/accounting/backfill", auth, jsonBody(), async (ctx) => {
    ctx.body = unwrapConflict(await services.sendWonInquiries.execute(workspaceOf(ctx.state), ctx.state.body as SendWonInquiriesInput), "accounting_not_connected");
    ctx.status = 202;
  });

  return router;
}

const bodyErrors: Readonly<Record<number, ResponseDoc>> = {
  400: { description: "Invalid JSON, an unknown field, or `since` is not a date as YYYY-MM-DD; `errors[].path` names each field." },
  413: { description: "The body exceeds 1 MiB." },
  415: { description: "The body is not application/json." },
};

export const accountingRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: "/api/v1/inquiries/:id/accounting",
    summary: "The quote draft of a won inquiry in the accounting system",
    description:
      "When an inquiry reaches a won status, its quote draft goes to the workspace's accounting system once (`leadport accounting connect`). " +
      "`status`: `pending` (queued, or waiting for a broken connection), `sent` with `remoteQuoteId`, `failed` with the `reason` (retried through the outbox), " +
      "`needs_review` (sent with placeholders for the `missingFields`, or refused with `reviewReasons`), `none` (not won or nothing connected). " +
      "`quote` shows what was sent. The access token is never part of an answer.",
    tags: ["Accounting"],
    auth: "secret-key",
    responses: {
      200: { description: "The sync state and the draft.", schema: AccountingSyncViewSchema },
      404: { description: "No such inquiry in the key's workspace." },
    },
  },
  {
    method: "get",
    path: "/api/v1/accounting",
    summary: "The workspace's accounting connection and all quote drafts",
    description: "The connection without its token (`hasToken` says whether one is stored), counts by status and every draft, newest first.",
    tags: ["Accounting"],
    auth: "secret-key",
    responses: { 200: { description: "Connection, counts and drafts.", schema: AccountingStatusSchema } },
  },
  {
    method: "post",
    path: "/api/v1/inquiries/:id/accounting/resend",
    summary: "Send a refused quote draft again",
    description:
      "For a won inquiry whose draft the accounting system refused (`needs_review` with `reviewReasons`, no `remoteQuoteId`), once the inquiry, " +
      "its customer or the connection's VAT rate is corrected: the draft is built anew from the current data, the sync goes back to `pending` " +
      "and the outbox sends it. The answer is the queued draft. A draft that exists in the accounting system (sent, or sent with placeholders) " +
      "is corrected there, a `failed` one is retried by the outbox by itself: both are refused with 409 `accounting_not_resendable`, as are " +
      "inquiries that are not won or have no draft yet.",
    tags: ["Accounting"],
    auth: "secret-key",
    responses: {
      202: { description: "Queued: the sync is `pending` with the rebuilt draft.", schema: AccountingSyncViewSchema },
      404: { description: "No such inquiry in the key's workspace." },
      409: { description: "`accounting_not_resendable`: the inquiry is not won, or its draft was not refused; `detail` says which." },
    },
  },
  {
    method: "post",
    path: "/api/v1/accounting/backfill",
    summary: "Queue the quote drafts of inquiries won since a date",
    description:
      "Inquiries won before the workspace connected its accounting system are not sent by themselves. This queues a draft for every inquiry " +
      "in a won status, won on or after `since` (UTC), that has no draft record yet; inquiries with one (sent, refused or queued) are left " +
      "as they are, so running it again queues nothing twice. The outbox sends them like every other draft. Refused with 409 " +
      "`accounting_not_connected` when no accounting system is connected.",
    tags: ["Accounting"],
    auth: "secret-key",
    body: SendWonInquiriesInput,
    responses: {
      202: { description: "How many drafts were queued.", schema: SentWonInquiriesSchema },
      ...bodyErrors,
      409: { description: "`accounting_not_connected`: connect an accounting system first (`leadport accounting connect`)." },
    },
  },
];
