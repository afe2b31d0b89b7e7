import Koa from "koa";
import type Router from "@koa/router";
import type { LeadportState } from "./context.js";
import { healthRouteDocs, healthRoutes } from "./health-routes.js";
import { closeWhenBodyUnread, problemHandler, requestId, type HttpLogger } from "./middleware.js";
import { buildOpenApiDocument } from "./openapi/openapi-document.js";
import { openApiRouteDocs, openApiRoutes } from "./openapi/openapi-routes.js";
import type { RouteDoc } from "./openapi/route-doc.js";
import { startPageRouteDocs, startPageRoutes } from "./start-pages.js";
import { idempotency, type IdempotencyServices } from "./idempotency.js";
import { securityHeaders } from "./security-headers.js";
import { accessLog } from "./access-log.js";
import { apiRateLimits, type ApiRateLimits } from "./rate-limits.js";
import type { WorkspaceKeyRates } from "./workspace-key-rates.js";

export interface HttpAppOptions {
  readonly logger: HttpLogger;
  /**
   * The features' routers (the hosts pass every feature module's), mounted in this order between
   * the health checks and the start pages; the app itself serves no feature.
   */
  readonly routers?: ReadonlyArray<Router<LeadportState>>;
  /** The RouteDoc arrays of those routers, for /openapi.json (a test fails on an undocumented route). */
  readonly routeDocs?: ReadonlyArray<readonly RouteDoc[]>;
  /**
   * Reverse proxies in front of the server (0: none). Each appends the address it saw to
   * X-Forwarded-For, so the client is exactly this many entries from the right; anything further
   * left was written by the client and is ignored (per-address rate limits rely on it).
   */
  readonly trustProxy?: number;
  /** The package version, shown on the start page and in the API reference. */
  readonly version?: string;
  /** Keeps first answers to creating POSTs for Idempotency-Key retries; without it the header is ignored. */
  readonly idempotency?: IdempotencyServices;
  /** Why the server cannot serve yet (database unreachable, schema behind), or null when ready. */
  readonly readiness?: () => Promise<string | null> | string | null;
  /** Limits on /api/… traffic; without them nothing is limited here (the form keeps its own). */
  readonly rateLimits?: ApiRateLimits;
  /** Paths answering in a vendor's own error shape, for the rate limiter's 429. */
  readonly plainErrorPaths?: ReadonlySet<string>;
  /** Workspaces' own per-key rates, in place of `rateLimits.perKey` for their keys. */
  readonly keyRates?: WorkspaceKeyRates;
}

export const API_INFO = {
  title: "Leadport API",
  version: "0.1.0",
  description: "Lead intake for craft businesses: inquiries, customers, catalogs and the public contact form.",
};

export function createHttpApp(options: HttpAppOptions): Koa<LeadportState> {
  const hops = options.trustProxy ?? 0;
  const app = new Koa<LeadportState>({ proxy: hops > 0, maxIpsCount: hops });
  // Koa would print every thrown error itself; the problem handler logs once, with context.
  app.silent = true;
  app.use(requestId);
  app.use(accessLog(options.logger));
  app.use(securityHeaders);
  app.use(closeWhenBodyUnread);
  // Outside the problem handler: the answer kept for retries is the final one, problems included.
  if (options.idempotency) app.use(idempotency(options.idempotency));
  app.use(problemHandler(options.logger));
  if (options.rateLimits) {
    app.use(apiRateLimits({ limits: options.rateLimits, logger: options.logger, plainErrorPaths: options.plainErrorPaths, keyRates: options.keyRates }));
  }

  const version = options.version ?? API_INFO.version;
  const routeDocs = [healthRouteDocs, ...(options.routeDocs ?? []), startPageRouteDocs, openApiRouteDocs];
  const reference = openApiRoutes(buildOpenApiDocument(routeDocs, { ...API_INFO, version }));
  // The start pages go before the reference, whose /docs/:asset would otherwise claim /docs/problems.
  const routers = [healthRoutes(options.readiness), ...(options.routers ?? []), startPageRoutes(version), reference];
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
