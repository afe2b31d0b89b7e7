import Router from "@koa/router";
import { z } from "zod";
import type { LeadportState } from "./context.js";
import type { RouteDoc } from "./openapi/route-doc.js";

export const HealthSchema = z.object({ status: z.literal("ok") });
export const ReadySchema = z.object({ status: z.literal("ready") });
export const NotReadySchema = z.object({ status: z.literal("not_ready"), reason: z.string() });

/** `/healthz` and `/readyz`: part of every app, whatever features it serves. */
export function healthRoutes(readiness: (() => Promise<string | null> | string | null) | undefined): Router<LeadportState> {
  const router = new Router<LeadportState>();
  router.get("/healthz", (ctx) => {
    ctx.body = { status: "ok" };
  });
  // Liveness above says the process answers; readiness says it can do its work.
  router.get("/readyz", async (ctx) => {
    let reason: string | null;
    try {
      reason = readiness ? await readiness() : null;
    } catch (error) {
      reason = `readiness check failed: ${(error as Error).message}`;
    }
    ctx.status = reason === null ? 200 : 503;
    ctx.body = reason === null ? { status: "ready" } : { status: "not_ready", reason };
  });
  return router;
}

export const healthRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: "/healthz",
    summary: "Liveness check",
    tags: ["Meta"],
    auth: "none",
    responses: { 200: { description: "The server is up.", schema: HealthSchema } },
  },
  {
    method: "get",
    path: "/readyz",
    summary: "Readiness check",
    description: "Ready when the database answers and every migration this version knows is applied; load balancers send traffic only then.",
    tags: ["Meta"],
    auth: "none",
    responses: {
      200: { description: "Ready to serve.", schema: ReadySchema },
      503: { description: "Not ready; `reason` says why (database unreachable, migrations pending).", schema: NotReadySchema, contentType: "application/json" },
    },
  },
];
