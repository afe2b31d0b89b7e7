import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { isChurnRisk, ratingOf, recommendationOf, satisfactionLevel, type SurveyResponse } from "../../domain/survey/response.js";
import type { Survey } from "../../domain/survey/survey.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { type SatisfactionView } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";

function entryOf(survey: Survey, response: SurveyResponse) {
  return {
    surveyId: survey.id,
    surveyTitle: survey.title,
    responseId: response.id,
    submittedAt: response.submittedAt,
    rating: ratingOf(survey, response),
    recommendation: recommendationOf(survey, response),
    level: satisfactionLevel(survey, response),
    churnRisk: isChurnRisk(survey, response),
    answers: response.answers.map((answer) => ({ ...answer })),
  };
}

/** A customer's survey answers, newest first, with the latest scores a CRM can show ("very unsatisfied"). */
@injectable()
export class GetCustomerSatisfaction {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, customerId: string): Promise<Result<SatisfactionView, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      if (!(await tx.customers.findById(customerId))) return err(notFound("customer"));
      const store = tx.use(SURVEYS);
      const surveys = new Map<string, Survey>();
      const history = [];
      for (const response of await store.responses.listByCustomer(customerId)) {
        if (!surveys.has(response.surveyId)) {
          const survey = await store.surveys.findById(response.surveyId);
          if (survey) surveys.set(survey.id, survey);
        }
        const survey = surveys.get(response.surveyId);
        if (survey) history.push(entryOf(survey, response));
      }
      return ok({ customerId, latest: history[0] ?? null, history });
    });
  }
}
