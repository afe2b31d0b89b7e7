import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { summarizeResults } from "../../domain/survey/response.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { ResultsQuery } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";
import type { z } from "zod";
import type { ResultsView } from "./survey-schemas.js";

type Results = z.output<typeof ResultsView>;

/**
 * Sent, answered, response rate, averages, NPS and distributions, optionally for one value of a
 * background variable (`region=Nord`) and a date range: participants are filtered by their
 * variables, answers by the day they were submitted and invitations by the day they were sent.
 */
@injectable()
export class GetSurveyResults {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, surveyId: string, query: ResultsQuery = {}): Promise<Result<Results, Failure>> {
    const parsed = parseInput(ResultsQuery, query);
    if (!parsed.ok) return parsed;
    const { from, to, variable } = parsed.value;
    const [name, value] = variable ? [variable.slice(0, variable.indexOf("=")), variable.slice(variable.indexOf("=") + 1)] : [null, null];
    const matches = (variables: Readonly<Record<string, string>>) => name === null || variables[name] === value;
    const inRange = (timestamp: string) => (!from || timestamp.slice(0, 10) >= from) && (!to || timestamp.slice(0, 10) <= to);
    return this.uow.read(workspaceId, async (tx) => {
      const store = tx.use(SURVEYS);
      const survey = await store.surveys.findById(surveyId);
      if (!survey) return err(notFound("survey"));
      const sent = (await store.invitations.listBySurvey(surveyId)).filter(
        (invitation) => invitation.sentAt !== null && inRange(invitation.sentAt) && matches(invitation.participant.variables),
      ).length;
      const responses = (await store.responses.listBySurvey(surveyId)).filter((response) => inRange(response.submittedAt) && matches(response.variables));
      const results = summarizeResults(survey, sent, responses);
      return ok({ surveyId, ...results, questions: results.questions.map((question) => ({ ...question, distribution: { ...question.distribution } })) });
    });
  }
}
