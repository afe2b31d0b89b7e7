import { inject, injectable } from "tsyringe";
import { changeRetention, retentionPolicyOf, type RetentionPolicy } from "../../domain/workspace/retention.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput, validationFailure } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { ChangeRetentionInput } from "./retention-settings.js";

@injectable()
export class SetRetention {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, input: ChangeRetentionInput): Promise<Result<RetentionPolicy, Failure>> {
    const parsed = parseInput(ChangeRetentionInput, input);
    if (!parsed.ok) return parsed;
    // The workspace record lives outside the workspace-bound repositories, hence the system transaction.
    return this.uow.runSystem(async (tx) => {
      const workspace = await tx.workspaces.findById(workspaceId);
      if (!workspace) return err(notFound("workspace"));
      const previous = retentionPolicyOf(workspace.retention);
      const changed = changeRetention(previous, parsed.value);
      if (!changed.ok) return err(validationFailure(changed.error));
      await tx.workspaces.update({ ...workspace, retention: changed.value });
      await tx.within(workspaceId).outbox.add(
        domainEvent(this.ids, this.clock, workspaceId, "RetentionChanged", workspaceId, { retention: changed.value, previous }),
      );
      return ok(changed.value);
    });
  }
}
