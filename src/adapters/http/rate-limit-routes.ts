import Router from "@koa/router";
import { z } from "zod";
import type { AuthenticateApiKey } from "../../application/access/authenticate-api-key.js";
import { ApiKeyRateViewSchema, ChangeApiKeyRateInput, toApiKeyRateView } from "../../application/workspaces/api-key-rate-settings.js";
import type { GetApiKeyRate } from "../../application/workspaces/get-api-key-rate.js";
import type { SetApiKeyRate } from "../../application/workspaces/set-api-key-rate.js";
import { formatApiKeyRate } from "../../domain/workspace/api-key-rate.js";
import type { RateLimit } from "../system/token-bucket.js";
import { workspaceOf, type LeadportState } from "./context.js";
import { jsonBody } from "./json-body.js";
import { requireSecretKey } from "./middleware.js";
import type { RouteDoc } from "./openapi/route-doc.js";
import { unwrap } from "./problem.js";
import type { WorkspaceKeyRates } from "./workspace-key-rates.js";

export interface RateLimitServices {
  readonly authenticate: AuthenticateApiKey;
  readonly getApiKeyRate: GetApiKeyRate;
  readonly setApiKeyRate: SetApiKeyRate;
}

export interface RateLimitRouteOptions {
  /** The server's LEADPORT_API_RATE_PER_KEY (null: off), shown beside the workspace's own figure. */
  readonly serverDefault: RateLimit | null;
  /** The limiter's cache, told of a change so it applies to the next request. */
  readonly keyRates: WorkspaceKeyRates;
}

const PATH = "/settings/rate-limit";

const RateLimitViewSchema = ApiKeyRateViewSchema.extend({
  serverDefault: z.string().nullable().describe("LEADPORT_API_RATE_PER_KEY of this server; null: not limited."),
  effective: z.string().nullable().describe("What each secret key of this workspace gets now: `perKey`, else `serverDefault`."),
});
type RateLimitView = z.output<typeof RateLimitViewSchema>;

/** The workspace's own per-key API rate limit. */
export function rateLimitRoutes(services: RateLimitServices, options: RateLimitRouteOptions): Router<LeadportState> {
  const router = new Router<LeadportState>({ prefix: "/api/v1" });
  const auth = requireSecretKey(services.authenticate);
  const serverDefault = options.serverDefault
    ? formatApiKeyRate({ requests: options.serverDefault.capacity, periodSeconds: Math.round(options.serverDefault.periodMs / 1000) })
    : null;
  const present = (perKey: string | null): RateLimitView => ({ perKey, serverDefault, effective: perKey ?? serverDefault });

  router.get(PATH, auth, async (ctx) => {
    ctx.body = present(toApiKeyRateView(unwrap(await services.getApiKeyRate.execute(workspaceOf(ctx.state)))).perKey);
  });

  router.patch(PATH, auth, jsonBody(), async (ctx) => {
    const workspaceId = workspaceOf(ctx.state);
    const changed = unwrap(await services.setApiKeyRate.execute(workspaceId, ctx.state.body as ChangeApiKeyRateInput));
    options.keyRates.remember(workspaceId, changed.rate);
    ctx.body = present(toApiKeyRateView(changed).perKey);
  });

  return router;
}

export const rateLimitRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: `/api/v1${PATH}`,
    summary: "The workspace's API rate limit per key",
    tags: ["Settings"],
    auth: "secret-key",
    responses: { 200: { description: "The workspace's own figure, the server default and the one in force.", schema: RateLimitViewSchema } },
  },
  {
    method: "patch",
    path: `/api/v1${PATH}`,
    summary: "Set the workspace's API rate limit per key",
    description:
      "`perKey` is COUNT/PERIOD with a period of s, m or h, optionally a multiple (`6000/m`, `50/s`, `100/10m`): from 1 to 100000 requests " +
      "per period of 1 second to 24 hours. `null` returns to the server default (LEADPORT_API_RATE_PER_KEY). The change applies to this " +
      "server's next request; other processes on the same database pick it up within 5 seconds.",
    tags: ["Settings"],
    auth: "secret-key",
    body: ChangeApiKeyRateInput,
    example: { perKey: "6000/m" },
    responses: {
      200: { description: "The setting after the change.", schema: RateLimitViewSchema },
      400: { description: "`perKey` is missing, not COUNT/PERIOD or out of bounds; `errors[].path` names it." },
    },
  },
];
