import { inject, injectable } from "tsyringe";
import { z } from "zod";
import type { ApiKey } from "../../domain/access/api-key.js";
import { invalid, notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { AllowedOrigins } from "./api-keys.js";

const SetOriginsInput = z.strictObject({
  allowedOrigins: AllowedOrigins.min(1, "a publishable key needs at least one allowed origin"),
});

/** Replaces the website origins of a publishable key; takes effect with the next request. */
@injectable()
export class SetApiKeyOrigins {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(keyId: string, origins: readonly string[], workspaceId: string | null = null): Promise<Result<ApiKey, Failure>> {
    const parsed = parseInput(SetOriginsInput, { allowedOrigins: origins });
    if (!parsed.ok) return parsed;
    return this.uow.runSystem(async (tx) => {
      const key = await tx.apiKeys.findById(keyId);
      if (!key || (workspaceId !== null && key.workspaceId !== workspaceId)) return err(notFound("API key"));
      if (key.kind !== "publishable") {
        return err(invalid("allowedOrigins", "only publishable keys have origins"));
      }
      const updated: ApiKey = { ...key, allowedOrigins: [...new Set(parsed.value.allowedOrigins)] };
      await tx.within(key.workspaceId).apiKeys.update(updated);
      return ok(updated);
    });
  }
}
