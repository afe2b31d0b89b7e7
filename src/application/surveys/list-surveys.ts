import { inject, injectable } from "tsyringe";
import { type Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { toSurveyView, type SurveyView } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";

@injectable()
export class ListSurveys {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string): Promise<Result<SurveyView[], Failure>> {
    return this.uow.read(workspaceId, async (tx) => ok((await tx.use(SURVEYS).surveys.list()).map(toSurveyView)));
  }
}
