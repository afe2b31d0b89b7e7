import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { changeSurvey } from "../../domain/survey/survey.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput, validationFailure } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { toSurveyView, UpdateSurveyInput, type SurveyView } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";
import { surveyEventPayload, toQuestion } from "./survey-fields.js";

/** Changes the fields sent; the rules merge field by field (`{"reminders":{"maxReminders":1}}` keeps afterDays). */
@injectable()
export class UpdateSurvey {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, surveyId: string, input: UpdateSurveyInput): Promise<Result<SurveyView, Failure>> {
    const parsed = parseInput(UpdateSurveyInput, input);
    if (!parsed.ok) return parsed;
    return this.uow.run(workspaceId, async (tx) => {
      const surveys = tx.use(SURVEYS).surveys;
      const current = await surveys.findById(surveyId);
      if (!current) return err(notFound("survey"));
      const { questions, ...rest } = parsed.value;
      const result = changeSurvey(current, { ...rest, ...(questions ? { questions: questions.map(toQuestion) } : {}) }, this.clock.now());
      if (!result.ok) return err(validationFailure(result.error));
      const changed = result.value;
      await surveys.update(changed);
      await tx.outbox.add(domainEvent(this.ids, this.clock, workspaceId, "SurveyChanged", changed.id, surveyEventPayload(changed)));
      return ok(toSurveyView(changed));
    });
  }
}
