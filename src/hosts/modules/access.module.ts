import { toApiKeyView, type ApiKeyView, type CreateApiKeyInput, type IssuedApiKey } from "../../application/access/api-keys.js";
import type { Failure } from "../../domain/shared/failure.js";
import type { Result } from "../../domain/shared/result.js";
import { registerKeyCommands } from "../cli/key-commands.js";
import { defineModule } from "./feature-module.js";
import { mapResult } from "./library-results.js";

export interface AccessLibrary {
  readonly keys: {
    create(input: CreateApiKeyInput): Promise<Result<{ key: ApiKeyView; plainKey: string }, Failure>>;
    list(): Promise<Result<ApiKeyView[], Failure>>;
    revoke(id: string): Promise<Result<ApiKeyView, Failure>>;
  };
}

/**
 * API keys of a workspace: secret keys for the API, publishable keys for a website's form.
 * Checking a key on each request is the HTTP adapter's own middleware.
 */
export const accessModule = defineModule({
  name: "access",
  cli: (program, cli) => registerKeyCommands(program, cli),
  library: ({ useCases, workspaceId: id }): AccessLibrary => ({
    keys: {
      create: async (input) =>
        mapResult(await useCases.createApiKey.execute(id, input), (issued: IssuedApiKey) => ({ key: toApiKeyView(issued.key), plainKey: issued.plainKey })),
      list: async () => mapResult(await useCases.listApiKeys.execute(id), (keys) => keys.map(toApiKeyView)),
      revoke: async (keyId) => mapResult(await useCases.revokeApiKey.execute(keyId, id), toApiKeyView),
    },
  }),
});
