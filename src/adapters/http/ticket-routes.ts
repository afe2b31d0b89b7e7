import Router from "@koa/router";
import { ListTicketsInput } from "../../application/tickets/tickets.js";
import { TicketPageSchema, TicketViewSchema, toTicketView, type TicketPageView } from "../../application/tickets/ticket-view.js";
import { queryObject, workspaceOf, type LeadportState } from "./context.js";
import type { IntakeServices } from "./intake-services.js";
import { requireSecretKey } from "./middleware.js";
import type { RouteDoc } from "./openapi/route-doc.js";
import { unwrap } from "./problem.js";

export function ticketRoutes(services: IntakeServices): Router<LeadportState> {
  const router = new Router<LeadportState>({ prefix: "/api/v1" });
  const auth = requireSecretKey(services.authenticate);

  router.get("/tickets", auth, async (ctx) => {
    const page = unwrap(await services.listTickets.execute(workspaceOf(ctx.state), queryObject(ctx.query)));
    ctx.body = { items: page.items.map(toTicketView), nextCursor: page.nextCursor } satisfies TicketPageView;
  });

  router.get("/tickets/:id", auth, async (ctx) => {
    ctx.body = toTicketView(unwrap(await services.getTicket.execute(workspaceOf(ctx.state), String(ctx.params.id))));
  });

  router.post("/tickets/:id/close", auth, async (ctx) => {
    ctx.body = toTicketView(unwrap(await services.closeTicket.execute(workspaceOf(ctx.state), String(ctx.params.id))));
  });

  return router;
}

export const ticketRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: "/api/v1/tickets",
    summary: "List tickets, newest first",
    description: "Filter by `status` (open, closed) and `customerId`; page with `limit` and `cursor`.",
    tags: ["Tickets"],
    auth: "secret-key",
    query: ListTicketsInput,
    responses: {
      200: { description: "A page of tickets", schema: TicketPageSchema },
      400: { description: "Invalid filter or cursor" },
    },
  },
  {
    method: "get",
    path: "/api/v1/tickets/:id",
    summary: "One ticket",
    tags: ["Tickets"],
    auth: "secret-key",
    responses: { 200: { description: "The ticket", schema: TicketViewSchema }, 404: { description: "No such ticket in this workspace" } },
  },
  {
    method: "post",
    path: "/api/v1/tickets/:id/close",
    summary: "Close an open ticket",
    tags: ["Tickets"],
    auth: "secret-key",
    responses: {
      200: { description: "The closed ticket", schema: TicketViewSchema },
      404: { description: "No such ticket in this workspace" },
      409: { description: "The ticket is already closed" },
    },
  },
];
