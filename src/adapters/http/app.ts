import Koa from "koa";
import Router from "@koa/router";
import type { CoreServices } from "./core-services.js";
import type { LeadportState } from "./context.js";
import { coreRoutes } from "./core-routes.js";
import { problemHandler, requestId, type HttpLogger } from "./middleware.js";

export interface HttpAppOptions {
  readonly services: CoreServices;
  readonly logger: HttpLogger;
  /** Extra routers mounted after the core (later features plug in here). */
  readonly routers?: ReadonlyArray<Router<LeadportState>>;
}

export function createHttpApp(options: HttpAppOptions): Koa<LeadportState> {
  const app = new Koa<LeadportState>({ proxy: false });
  // Koa would print every thrown error itself; the problem handler logs once, with context.
  app.silent = true;
  app.use(requestId);
  app.use(problemHandler(options.logger));

  const health = new Router<LeadportState>();
  health.get("/healthz", (ctx) => {
    ctx.body = { status: "ok" };
  });

  const routers = [health, coreRoutes(options.services), ...(options.routers ?? [])];
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
