import { inject, injectable } from "tsyringe";
import type { StoredResponse } from "../../domain/idempotency/idempotency.js";
import { ok } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

export interface FinishIdempotentRequestCommand {
  readonly workspaceId: string;
  readonly key: string;
  /** The answer to keep for retries, or null to free the key (a server fault: a retry may run again). */
  readonly response: StoredResponse | null;
}

@injectable()
export class FinishIdempotentRequest {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(command: FinishIdempotentRequestCommand): Promise<void> {
    await this.uow.runSystem(async (tx) => {
      if (command.response) await tx.idempotency.complete(command.workspaceId, command.key, command.response);
      else await tx.idempotency.remove(command.workspaceId, command.key);
      return ok(undefined);
    });
  }
}
