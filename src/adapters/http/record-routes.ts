import Router from "@koa/router";
import type { AuthenticateApiKey } from "../../application/access/authenticate-api-key.js";
import type { CreateInquiry } from "../../application/inquiries/create-inquiry.js";
import type { DeleteInquiry } from "../../application/inquiries/delete-inquiry.js";
import type { GetInquiry } from "../../application/inquiries/get-inquiry.js";
import type { ListInquiries } from "../../application/inquiries/list-inquiries.js";
import type { ReleaseInquiry } from "../../application/inquiries/release-inquiry.js";
import type { UpdateInquiry } from "../../application/inquiries/update-inquiry.js";
import { toInquiryPageView, toInquiryView, type InquiryPageView } from "../../application/inquiries/inquiry-view.js";
import type { CreateInquiryInput, UpdateInquiryInput } from "../../application/inquiries/inquiry-schemas.js";
import { queryObject, workspaceOf, type LeadportState } from "./context.js";
import { mountCustomerRoutes, type CustomerServices } from "./customer-routes.js";
import { jsonBody } from "./json-body.js";
import { replayedIdempotently } from "./idempotency.js";
import { requireSecretKey } from "./middleware.js";
import { unwrap } from "./problem.js";

/** The inquiry and customer use cases the HTTP adapter drives; the host resolves them from its container. */
export interface RecordServices extends CustomerServices {
  readonly authenticate: AuthenticateApiKey;
  readonly createInquiry: CreateInquiry;
  readonly updateInquiry: UpdateInquiry;
  readonly deleteInquiry: DeleteInquiry;
  readonly releaseInquiry: ReleaseInquiry;
  readonly getInquiry: GetInquiry;
  readonly listInquiries: ListInquiries;
}

/**
 * The records under /api/v1: inquiries and the customers they belong to. The `:id` routes take
 * any path segment, so a router with fixed paths beside them (the export's /inquiries/export)
 * is mounted before this one.
 */
export function recordRoutes(services: RecordServices): Router<LeadportState> {
  const router = new Router<LeadportState>({ prefix: "/api/v1" });
  // Per route, not router.use(): other routers share the /api/v1 prefix with their own authentication.
  const auth = requireSecretKey(services.authenticate);

  router.post("/inquiries", auth, jsonBody(), async (ctx) => {
    if (await replayedIdempotently(ctx, workspaceOf(ctx.state), ctx.state.body)) return;
    const result = unwrap(await services.createInquiry.execute(workspaceOf(ctx.state), ctx.state.body as CreateInquiryInput));
    ctx.status = result.outcome === "created" ? 201 : 200;
    if (result.outcome === "created") ctx.set("Location", `/api/v1/inquiries/${result.inquiry.id}`);
    ctx.body = toInquiryView(result.inquiry);
  });

  router.get("/inquiries", auth, async (ctx) => {
    const page = unwrap(await services.listInquiries.execute(workspaceOf(ctx.state), queryObject(ctx.query)));
    ctx.body = toInquiryPageView(page) satisfies InquiryPageView;
  });

  router.get("/inquiries/:id", auth, async (ctx) => {
    ctx.body = toInquiryView(unwrap(await services.getInquiry.execute(workspaceOf(ctx.state), String(ctx.params.id))));
  });

  router.patch("/inquiries/:id", auth, jsonBody(), async (ctx) => {
    const result = unwrap(
      await services.updateInquiry.execute(workspaceOf(ctx.state), String(ctx.params.id), ctx.state.body as UpdateInquiryInput, ctx.state.apiKey?.name ?? null),
    );
    ctx.body = toInquiryView(result.inquiry);
  });

  router.post("/inquiries/:id/release", auth, async (ctx) => {
    ctx.body = unwrap(await services.releaseInquiry.execute(workspaceOf(ctx.state), String(ctx.params.id), ctx.state.apiKey?.name ?? null));
  });

  router.delete("/inquiries/:id", auth, async (ctx) => {
    unwrap(await services.deleteInquiry.execute(workspaceOf(ctx.state), String(ctx.params.id)));
    ctx.status = 204;
  });

  mountCustomerRoutes(router, services, auth);
  return router;
}
