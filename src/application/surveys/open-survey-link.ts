import { inject, injectable } from "tsyringe";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { findRef, open, type LinkRefusal, type SurveyForm } from "./survey-link.js";

/** GET /s/:token: the form behind a personal link. */
@injectable()
export class OpenSurveyLink {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute(token: string): Promise<Result<SurveyForm, LinkRefusal>> {
    const ref = await findRef(this.uow, token);
    if (!ref) return err({ kind: "unknown" });
    const opened = await this.uow.read(ref.workspaceId, async (tx) => open(tx, ref, this.clock.now()));
    return opened.ok ? ok(opened.value.form) : opened;
  }
}
