import { inject, injectable } from "tsyringe";
import { type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { newSurvey } from "../../domain/survey/survey.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput, validationFailure } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { CreateSurveyInput, toSurveyView, type SurveyView } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";
import { surveyEventPayload, toQuestion } from "./survey-fields.js";

/** Creates a survey; without questions it gets the default three in its language (the workspace's by default). */
@injectable()
export class CreateSurvey {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, input: CreateSurveyInput): Promise<Result<SurveyView, Failure>> {
    const parsed = parseInput(CreateSurveyInput, input);
    if (!parsed.ok) return parsed;
    const fields = parsed.value;
    return this.uow.run(workspaceId, async (tx) => {
      const workspace = await tx.workspaces.findById(workspaceId);
      const created = newSurvey(
        { id: this.ids.newId(), workspaceId, now: this.clock.now() },
        { ...fields, language: fields.language ?? workspace?.locale ?? "de", questions: fields.questions?.map(toQuestion) },
      );
      if (!created.ok) return err(validationFailure(created.error));
      const survey = created.value;
      await tx.use(SURVEYS).surveys.insert(survey);
      await tx.outbox.add(domainEvent(this.ids, this.clock, workspaceId, "SurveyCreated", survey.id, surveyEventPayload(survey)));
      return ok(toSurveyView(survey));
    });
  }
}
