import Router from "@koa/router";
import type { AuthenticateApiKey } from "../../../application/access/authenticate-api-key.js";
import type { GetAccountingStatus } from "../../../application/accounting/get-accounting-status.js";
import type { GetAccountingSync } from "../../../application/accounting/get-accounting-sync.js";
import { AccountingStatusSchema, AccountingSyncViewSchema } from "../../../application/accounting/accounting-view.js";
import { workspaceOf, type LeadportState } from "../context.js";
import { requireSecretKey } from "../middleware.js";
import type { RouteDoc } from "../openapi/route-doc.js";
import { unwrap } from "../problem.js";

export interface AccountingRouteServices {
  readonly authenticate: AuthenticateApiKey;
  readonly getAccountingSync: GetAccountingSync;
  readonly getAccountingStatus: GetAccountingStatus;
}

/** What went to the accounting system, per inquiry and for the whole workspace. Read-only: connecting is a CLI command. */
export function accountingRoutes(services: AccountingRouteServices): Router<LeadportState> {
  const router = new Router<LeadportState>({ prefix: "/api/v1" });
  const auth = requireSecretKey(services.authenticate);

  router.get("/inquiries/:id/accounting", auth, async (ctx) => {
    ctx.body = unwrap(await services.getAccountingSync.execute(workspaceOf(ctx.state), ctx.params.id ?? ""));
  });

  router.get("/accounting", auth, async (ctx) => {
    ctx.body = unwrap(await services.getAccountingStatus.execute(workspaceOf(ctx.state)));
  });

  return router;
}

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
];
