import { inject, injectable } from "tsyringe";
import { retentionPolicyOf, type RetentionPolicy } from "../../domain/workspace/retention.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

@injectable()
export class GetRetention {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string): Promise<Result<RetentionPolicy, Failure>> {
    return this.uow.run(workspaceId, async (tx) => {
      const workspace = await tx.workspaces.findById(workspaceId);
      return workspace ? ok(retentionPolicyOf(workspace.retention)) : err(notFound("workspace"));
    });
  }
}
