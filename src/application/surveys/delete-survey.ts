import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { TOKENS } from "../tokens.js";
import { SURVEYS } from "./survey-store.js";

/** Deletes a survey with its dispatches, answers and triggers; links to it answer 404 from then on. */
@injectable()
export class DeleteSurvey {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, surveyId: string): Promise<Result<{ id: string }, Failure>> {
    return this.uow.run(workspaceId, async (tx) => {
      const surveys = tx.use(SURVEYS).surveys;
      if (!(await surveys.findById(surveyId))) return err(notFound("survey"));
      await surveys.delete(surveyId);
      await tx.outbox.add(domainEvent(this.ids, this.clock, workspaceId, "SurveyDeleted", surveyId, { surveyId }));
      return ok({ id: surveyId });
    });
  }
}
