import Router from "@koa/router";
import { toCatalogEntryView, type CatalogListView } from "../../application/catalog/list-catalog.js";
import { toInquiryPageView, toInquiryView, type InquiryPageView } from "../../application/inquiries/inquiry-view.js";
import type { CreateInquiryInput, UpdateInquiryInput } from "../../application/inquiries/inquiry-schemas.js";
import type { CoreServices } from "./core-services.js";
import { queryObject, workspaceOf, type LeadportState } from "./context.js";
import { mountCustomerRoutes } from "./customer-routes.js";
import { jsonBody } from "./json-body.js";
import { replayedIdempotently } from "./idempotency.js";
import { requireSecretKey } from "./middleware.js";
import { unwrap } from "./problem.js";
import { mountExportRoutes } from "./export-routes.js";

/** The native API under /api/v1: inquiries, customers, statuses and sources. */
export function coreRoutes(services: CoreServices): Router<LeadportState> {
  const router = new Router<LeadportState>({ prefix: "/api/v1" });
  // Per route, not router.use(): other routers share the /api/v1 prefix with their own authentication.
  const auth = requireSecretKey(services.authenticate);
  // First, so that the `:id` routes below never take "export" for an id.
  mountExportRoutes(router, services, auth);

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

  router.get("/statuses", auth, async (ctx) => {
    const entries = unwrap(await services.listCatalog.execute(workspaceOf(ctx.state), "status"));
    ctx.body = { items: entries.map((entry, index) => toCatalogEntryView(entry, index + 1)) } satisfies CatalogListView;
  });

  router.get("/sources", auth, async (ctx) => {
    const entries = unwrap(await services.listCatalog.execute(workspaceOf(ctx.state), "source"));
    ctx.body = { items: entries.map((entry, index) => toCatalogEntryView(entry, index + 1)) } satisfies CatalogListView;
  });

  return router;
}
