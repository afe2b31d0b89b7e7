import { inject, injectable } from "tsyringe";
import { formatApiKeyRate, parseApiKeyRate, type ApiKeyRate } from "../../domain/workspace/api-key-rate.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput, validationFailure } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { ChangeApiKeyRateInput, type WorkspaceApiKeyRate } from "./api-key-rate-settings.js";

@injectable()
export class SetApiKeyRate {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, input: ChangeApiKeyRateInput): Promise<Result<WorkspaceApiKeyRate, Failure>> {
    const parsed = parseInput(ChangeApiKeyRateInput, input);
    if (!parsed.ok) return parsed;
    let rate: ApiKeyRate | null = null;
    if (parsed.value.perKey !== null) {
      const read = parseApiKeyRate(parsed.value.perKey, "perKey");
      if (!read.ok) return err(validationFailure(read.error));
      rate = read.value;
    }
    // The workspace record lives outside the workspace-bound repositories, hence the system transaction.
    return this.uow.runSystem(async (tx) => {
      const workspace = await tx.workspaces.findById(workspaceId);
      if (!workspace) return err(notFound("workspace"));
      const previous = workspace.apiKeyRate ?? null;
      await tx.workspaces.update({ ...workspace, apiKeyRate: rate });
      await tx.within(workspaceId).outbox.add(
        domainEvent(this.ids, this.clock, workspaceId, "ApiKeyRateChanged", workspaceId, {
          perKey: rate ? formatApiKeyRate(rate) : null,
          previous: previous ? formatApiKeyRate(previous) : null,
        }),
      );
      return ok({ rate });
    });
  }
}
