import { inject, injectable } from "tsyringe";
import { z } from "zod";
import { formatApiKeyRate, parseApiKeyRate, type ApiKeyRate } from "../../domain/workspace/api-key-rate.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput, validationFailure } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";

export const ApiKeyRateViewSchema = z.object({
  perKey: z
    .string()
    .nullable()
    .describe("Requests each secret key of this workspace may make, as COUNT/PERIOD (e.g. 6000/m); null follows the server's default."),
});
export type ApiKeyRateView = z.output<typeof ApiKeyRateViewSchema>;

/** The format and bounds are the domain's rule (parseApiKeyRate), so the API and the CLI answer alike. */
export const ChangeApiKeyRateInput = z.strictObject({
  perKey: z.string().max(32, "must be at most 32 characters").nullable(),
});
export type ChangeApiKeyRateInput = z.input<typeof ChangeApiKeyRateInput>;

export interface WorkspaceApiKeyRate {
  /** The workspace's own figure, or null where the server default applies. */
  readonly rate: ApiKeyRate | null;
}

export const toApiKeyRateView = (setting: WorkspaceApiKeyRate): ApiKeyRateView => ({ perKey: setting.rate ? formatApiKeyRate(setting.rate) : null });

@injectable()
export class GetApiKeyRate {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string): Promise<Result<WorkspaceApiKeyRate, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const workspace = await tx.workspaces.findById(workspaceId);
      return workspace ? ok({ rate: workspace.apiKeyRate ?? null }) : err(notFound("workspace"));
    });
  }
}

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
