import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { toSurveyView, type SurveyView } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";

@injectable()
export class GetSurvey {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, surveyId: string): Promise<Result<SurveyView, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const survey = await tx.use(SURVEYS).surveys.findById(surveyId);
      return survey ? ok(toSurveyView(survey)) : err(notFound("survey"));
    });
  }
}
