import { inject, injectable } from "tsyringe";
import { type ApiKey } from "../../domain/access/api-key.js";
import type { Failure } from "../../domain/shared/failure.js";
import { notFound } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

@injectable()
export class RevokeApiKey {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  /** Revocation takes effect on the next request: authentication reads the key every time. */
  async execute(keyId: string, workspaceId: string | null = null): Promise<Result<ApiKey, Failure>> {
    return this.uow.runSystem(async (tx) => {
      const key = await tx.apiKeys.findById(keyId);
      if (!key || (workspaceId !== null && key.workspaceId !== workspaceId)) return err(notFound("API key"));
      if (key.revokedAt !== null) return ok(key);
      const revokedAt = this.clock.now().toISOString();
      await tx.apiKeys.revoke(key.id, revokedAt);
      return ok({ ...key, revokedAt });
    });
  }
}
