import { inject, injectable } from "tsyringe";
import {
  decideIdempotentRequest,
  newIdempotencyClaim,
  type IdempotencyDecision,
} from "../../domain/idempotency/idempotency.js";
import { ok } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

export interface ClaimIdempotencyKeyCommand {
  readonly workspaceId: string;
  readonly key: string;
  readonly fingerprint: string;
}

/**
 * Before a creating request runs: replay the stored answer, refuse a mismatch or a retry racing
 * the first attempt, or claim the key. Look-up and claim share one transaction, so of two
 * requests with the same key exactly one proceeds.
 */
@injectable()
export class ClaimIdempotencyKey {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute(command: ClaimIdempotencyKeyCommand): Promise<IdempotencyDecision> {
    const now = this.clock.now();
    const result = await this.uow.runSystem(async (tx) => {
      await tx.idempotency.purgeExpired(now.toISOString());
      const decision = decideIdempotentRequest(await tx.idempotency.find(command.workspaceId, command.key), command.fingerprint, now);
      if (decision.kind === "proceed") await tx.idempotency.put(newIdempotencyClaim(command.workspaceId, command.key, command.fingerprint, now));
      return ok(decision);
    });
    if (!result.ok) throw new Error("claiming an idempotency key cannot fail");
    return result.value;
  }
}
