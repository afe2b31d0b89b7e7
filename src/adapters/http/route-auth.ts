import type { Context } from "koa";
import type { AuthenticateApiKey } from "../../application/access/authenticate-api-key.js";
import type { ApiKey } from "../../domain/access/api-key.js";
import { HttpProblem } from "./problem.js";

/**
 * Authenticates a secret key for the seed-compatible endpoints, which bring their own ways of
 * sending it: no key → 401, an unknown, revoked or publishable key → 403.
 */
export async function secretKeyFrom(authenticate: AuthenticateApiKey, presented: string | undefined, ctx: Context): Promise<ApiKey> {
  const result = await authenticate.execute(presented);
  if (!result.ok) {
    if (result.error === "missing") throw new HttpProblem(401, "unauthenticated", "API key missing.");
    ctx.state.authFailed = true;
    throw new HttpProblem(403, "forbidden", "API key invalid or deactivated.");
  }
  if (result.value.kind !== "secret") throw new HttpProblem(403, "forbidden", "API key invalid or deactivated.");
  ctx.state.apiKey = result.value;
  ctx.state.workspaceId = result.value.workspaceId;
  return result.value;
}
