import { inject, injectable } from "tsyringe";
import { allowsOrigin } from "../../domain/access/api-key.js";
import { ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

/**
 * Answers a CORS preflight, which carries no key: may any active publishable key be used from
 * this origin? The actual submission is then checked against its own key's origins.
 */
@injectable()
export class IsFormOriginAllowed {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(origin: string): Promise<Result<boolean, never>> {
    return this.uow.readSystem(async (tx) => ok((await tx.apiKeys.listAll()).some((key) => allowsOrigin(key, origin))));
  }
}
