import type { Context, Next } from "koa";
import type { HttpLogger } from "./middleware.js";

/**
 * One line per request. The route is the router's pattern (`/api/v1/inquiries/:id`), never the
 * URL: a path or query may carry an e-mail address or a key (`?key=` on lead.php).
 */
export function accessLog(logger: HttpLogger) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = (ctx as Context & { _matchedRoute?: string })._matchedRoute;
      logger.info?.(
        {
          requestId: ctx.state.requestId,
          method: ctx.method,
          route: typeof route === "string" ? route : "(no route)",
          status: ctx.status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          workspaceId: ctx.state.workspaceId,
        },
        "request",
      );
    }
  };
}
