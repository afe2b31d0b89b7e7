import type { DependencyContainer } from "tsyringe";
import { rateLimitRouteDocs, rateLimitRoutes } from "../../adapters/http/rate-limit-routes.js";
import { WorkspaceKeyRates } from "../../adapters/http/workspace-key-rates.js";
import { toApiKeyRateView, type ApiKeyRateView } from "../../application/workspaces/api-key-rate-settings.js";
import { GetApiKeyRate } from "../../application/workspaces/get-api-key-rate.js";
import { SetApiKeyRate } from "../../application/workspaces/set-api-key-rate.js";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import { registerRateLimitCommands } from "../cli/rate-limit-commands.js";
import { defineModule } from "./feature-module.js";

/**
 * The workspace's own API rate limit per secret key, as `PATCH /api/v1/settings/rate-limit` sets
 * it. A server on the same database applies a change within seconds.
 */
export interface LibraryRateLimit {
  get(): Promise<Result<ApiKeyRateView, Failure>>;
  /** COUNT/PERIOD such as "6000/m" (1 to 100000 requests per 1 s to 24 h), or null for the server default. */
  set(perKey: string | null): Promise<Result<ApiKeyRateView, Failure>>;
}

export interface RateLimitsLibrary {
  /** The workspace's own API rate limit per secret key (`perKey` null: the server default). */
  readonly rateLimit: LibraryRateLimit;
}

/** The feature's use cases, resolved from the container the hosts composed. */
function apiKeyRateUseCases(container: DependencyContainer): { getApiKeyRate: GetApiKeyRate; setApiKeyRate: SetApiKeyRate } {
  return { getApiKeyRate: container.resolve(GetApiKeyRate), setApiKeyRate: container.resolve(SetApiKeyRate) };
}

/**
 * A workspace's own API rate limit per secret key, in place of the server's
 * LEADPORT_API_RATE_PER_KEY: its settings route, its `workspaces rate-limit` commands and
 * `lp.rateLimit`.
 *
 * The limiter that applies the figure is not part of this module: it runs before authentication
 * (a request over its rate is refused before its key is checked, and failed authentications are
 * limited too), so it is middleware of the HTTP app ahead of every router. This module hands it
 * the workspaces' figures through its contribution's `keyRates`, the cache its settings route
 * updates on a change.
 */
export const rateLimitsModule = defineModule({
  name: "rate-limits",
  http: ({ container, useCases, logger, settings }) => {
    const rates = apiKeyRateUseCases(container);
    // Read through the use case beside requests, never on the request path.
    const keyRates = new WorkspaceKeyRates({
      load: async (workspaceId) => {
        const setting = await rates.getApiKeyRate.execute(workspaceId);
        return setting.ok ? setting.value.rate : null;
      },
      onLoadError: (error) => logger.error({ err: String(error) }, "reading a workspace's API rate limit failed"),
    });
    return {
      routers: [rateLimitRoutes({ authenticate: useCases.authenticate, ...rates }, { serverDefault: settings.apiRateLimits.perKey, keyRates })],
      docs: rateLimitRouteDocs,
      keyRates,
    };
  },
  cli: (program, cli) => registerRateLimitCommands(program, cli),
  library: ({ container, workspaceId }): RateLimitsLibrary => {
    const rates = apiKeyRateUseCases(container);
    const view = (result: Awaited<ReturnType<GetApiKeyRate["execute"]>>): Result<ApiKeyRateView, Failure> =>
      result.ok ? ok(toApiKeyRateView(result.value)) : result;
    return {
      rateLimit: {
        get: async () => view(await rates.getApiKeyRate.execute(workspaceId)),
        set: async (perKey) => view(await rates.setApiKeyRate.execute(workspaceId, { perKey })),
      },
    };
  },
});
