import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { changeSurvey, newSurvey, type Question, type Survey } from "../../domain/survey/survey.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput, validationFailure } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { CreateSurveyInput, toSurveyView, UpdateSurveyInput, type SurveyView } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";

type QuestionInput = NonNullable<CreateSurveyInput["questions"]>[number];

const toQuestion = (input: QuestionInput): Question =>
  input.kind === "choice"
    ? { id: input.id, kind: "choice", text: input.text, required: input.required ?? false, options: input.options }
    : { id: input.id, kind: input.kind, text: input.text, required: input.required ?? false };

const surveyEventPayload = (survey: Survey) => ({ survey: toSurveyView(survey) });

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

@injectable()
export class ListSurveys {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string): Promise<Result<SurveyView[], Failure>> {
    return this.uow.read(workspaceId, async (tx) => ok((await tx.use(SURVEYS).surveys.list()).map(toSurveyView)));
  }
}

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
