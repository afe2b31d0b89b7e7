import type { DependencyContainer } from "tsyringe";
import type { HttpLogger } from "../adapters/http/middleware.js";
import { WorkspaceKeyRates } from "../adapters/http/workspace-key-rates.js";
import { GetApiKeyRate } from "../application/workspaces/get-api-key-rate.js";
import { SetApiKeyRate } from "../application/workspaces/set-api-key-rate.js";

/** The per-workspace API key rate setting, resolved once per host. */
export function resolveApiKeyRateUseCases(container: DependencyContainer) {
  return {
    getApiKeyRate: container.resolve(GetApiKeyRate),
    setApiKeyRate: container.resolve(SetApiKeyRate),
  };
}

/** The limiter's view of each workspace's figure, read through the use case (never on the request path). */
export function workspaceKeyRates(useCases: { getApiKeyRate: GetApiKeyRate }, logger: HttpLogger): WorkspaceKeyRates {
  return new WorkspaceKeyRates({
    load: async (workspaceId) => {
      const setting = await useCases.getApiKeyRate.execute(workspaceId);
      return setting.ok ? setting.value.rate : null;
    },
    onLoadError: (error) => logger.error({ err: String(error) }, "reading a workspace's API rate limit failed"),
  });
}
