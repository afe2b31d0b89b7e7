import { toApiKeyRateView, type ApiKeyRateView } from "../application/workspaces/api-key-rate-settings.js";
import type { GetApiKeyRate } from "../application/workspaces/get-api-key-rate.js";
import type { SetApiKeyRate } from "../application/workspaces/set-api-key-rate.js";
import type { Failure } from "../domain/shared/failure.js";
import { ok, type Result } from "../domain/shared/result.js";

/**
 * The workspace's own API rate limit per secret key, as `PATCH /api/v1/settings/rate-limit` sets
 * it. A server on the same database applies a change within seconds.
 */
export interface LibraryRateLimit {
  get(): Promise<Result<ApiKeyRateView, Failure>>;
  /** COUNT/PERIOD such as "6000/m" (1 to 100000 requests per 1 s to 24 h), or null for the server default. */
  set(perKey: string | null): Promise<Result<ApiKeyRateView, Failure>>;
}

export function bindRateLimit(useCases: { getApiKeyRate: GetApiKeyRate; setApiKeyRate: SetApiKeyRate }, workspaceId: string): LibraryRateLimit {
  const view = (result: Awaited<ReturnType<GetApiKeyRate["execute"]>>): Result<ApiKeyRateView, Failure> =>
    result.ok ? ok(toApiKeyRateView(result.value)) : result;
  return {
    get: async () => view(await useCases.getApiKeyRate.execute(workspaceId)),
    set: async (perKey) => view(await useCases.setApiKeyRate.execute(workspaceId, { perKey })),
  };
}
