import type Router from "@koa/router";
import type { LeadportState } from "./context.js";
import { attachmentRoutes, attachmentRouteDocs } from "./attachment-routes.js";
import type { AttachmentLimits, IntakeServices } from "./intake-services.js";
import type { HttpLogger } from "./middleware.js";
import type { RouteDoc } from "./openapi/route-doc.js";
import { orderRouteDocs, orderRoutes } from "./order-routes.js";
import { vendorCompatibleRouteDocs, vendorCompatibleRoutes } from "./vendor-compatible-routes.js";
import { ticketRouteDocs, ticketRoutes } from "./ticket-routes.js";

export interface IntakeRouteOptions {
  readonly services: IntakeServices;
  readonly limits: AttachmentLimits;
  readonly logger: HttpLogger;
}

/** Tickets, web orders, attachments and the vendor-compatible web-lead and partner-project endpoints, ready for createHttpApp({ routers }). */
export function intakeRouters(options: IntakeRouteOptions): Array<Router<LeadportState>> {
  return [
    ticketRoutes(options.services),
    orderRoutes(options.services),
    attachmentRoutes(options.services, options.limits),
    vendorCompatibleRoutes(options),
  ];
}

export const intakeRouteDocs: readonly RouteDoc[] = [...ticketRouteDocs, ...orderRouteDocs, ...attachmentRouteDocs, ...vendorCompatibleRouteDocs];
