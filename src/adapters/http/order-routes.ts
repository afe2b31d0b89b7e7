import Router from "@koa/router";
import { ListOrdersInput } from "../../application/orders/orders.js";
import { OrderPageSchema, OrderViewSchema, toOrderView, type OrderPageView } from "../../application/orders/order-view.js";
import { queryObject, workspaceOf, type LeadportState } from "./context.js";
import type { IntakeServices } from "./intake-services.js";
import { requireSecretKey } from "./middleware.js";
import type { RouteDoc } from "./openapi/route-doc.js";
import { unwrap } from "./problem.js";

export function orderRoutes(services: IntakeServices): Router<LeadportState> {
  const router = new Router<LeadportState>({ prefix: "/api/v1" });
  const auth = requireSecretKey(services.authenticate);

  router.get("/orders", auth, async (ctx) => {
    const page = unwrap(await services.listOrders.execute(workspaceOf(ctx.state), queryObject(ctx.query)));
    ctx.body = { items: page.items.map(toOrderView), nextCursor: page.nextCursor } satisfies OrderPageView;
  });

  router.get("/orders/:id", auth, async (ctx) => {
    ctx.body = toOrderView(unwrap(await services.getOrder.execute(workspaceOf(ctx.state), String(ctx.params.id))));
  });

  router.post("/orders/:id/accept", auth, async (ctx) => {
    ctx.body = toOrderView(unwrap(await services.acceptOrder.execute(workspaceOf(ctx.state), String(ctx.params.id))));
  });

  router.post("/orders/:id/reject", auth, async (ctx) => {
    ctx.body = toOrderView(unwrap(await services.rejectOrder.execute(workspaceOf(ctx.state), String(ctx.params.id))));
  });

  return router;
}

const decisionDoc = (decision: "accept" | "reject"): RouteDoc => ({
  method: "post",
  path: `/api/v1/orders/:id/${decision}`,
  summary: `${decision === "accept" ? "Accept" : "Reject"} a new web order`,
  tags: ["Web orders"],
  auth: "secret-key",
  responses: {
    200: { description: "The decided order", schema: OrderViewSchema },
    404: { description: "No such order in this workspace" },
    409: { description: "The order was already accepted or rejected" },
  },
});

export const orderRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: "/api/v1/orders",
    summary: "The web-order inbox, newest first",
    description: "Filter by `status` (new, accepted, rejected) and `customerId`; page with `limit` and `cursor`.",
    tags: ["Web orders"],
    auth: "secret-key",
    query: ListOrdersInput,
    responses: {
      200: { description: "A page of orders", schema: OrderPageSchema },
      400: { description: "Invalid filter or cursor" },
    },
  },
  {
    method: "get",
    path: "/api/v1/orders/:id",
    summary: "One web order",
    tags: ["Web orders"],
    auth: "secret-key",
    responses: { 200: { description: "The order", schema: OrderViewSchema }, 404: { description: "No such order in this workspace" } },
  },
  decisionDoc("accept"),
  decisionDoc("reject"),
];
