import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { notFound } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { CreateApiKeyInput, type IssuedApiKey, issueApiKeyIn } from "./api-keys.js";

@injectable()
export class CreateApiKey {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.Secrets) private readonly secrets: Secrets,
  ) {}

  async execute(workspaceId: string, input: CreateApiKeyInput): Promise<Result<IssuedApiKey, Failure>> {
    const parsed = parseInput(CreateApiKeyInput, input);
    if (!parsed.ok) return parsed;
    return this.uow.run(workspaceId, async (tx) => {
      if (!(await tx.workspaces.findById(workspaceId))) return err(notFound("workspace"));
      return ok(await issueApiKeyIn(tx, { ids: this.ids, secrets: this.secrets, clock: this.clock }, parsed.value));
    });
  }
}
