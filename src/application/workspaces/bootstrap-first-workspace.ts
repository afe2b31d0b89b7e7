import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import { type IssuedApiKey } from "../access/api-keys.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { firstWorkspaceIn } from "./bootstrap.js";

/** First start of the server on an empty database: "default" and its first key, or null when workspaces exist. */
@injectable()
export class BootstrapFirstWorkspace {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.Secrets) private readonly secrets: Secrets,
  ) {}

  async execute(): Promise<Result<IssuedApiKey | null, Failure>> {
    return this.uow.runSystem(async (tx) => {
      const first = await firstWorkspaceIn(tx, { ids: this.ids, clock: this.clock, secrets: this.secrets }, { issueKey: true });
      return first.ok ? ok(first.value?.firstKey ?? null) : first;
    });
  }
}
