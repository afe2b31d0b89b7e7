import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { type SurveyTrigger } from "../../domain/survey/trigger.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { CreateTriggerInput, toTriggerView } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";

type TriggerView = ReturnType<typeof toTriggerView>;

@injectable()
export class CreateSurveyTrigger {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, input: CreateTriggerInput): Promise<Result<TriggerView, Failure>> {
    const parsed = parseInput(CreateTriggerInput, input);
    if (!parsed.ok) return parsed;
    return this.uow.run(workspaceId, async (tx) => {
      const store = tx.use(SURVEYS);
      if (!(await store.surveys.findById(parsed.value.surveyId))) {
        return err({ ...notFound("survey"), issues: [{ path: "surveyId", message: "is not a survey of this workspace" }] });
      }
      const trigger: SurveyTrigger = { id: this.ids.newId(), workspaceId, ...parsed.value, createdAt: this.clock.now().toISOString() };
      await store.triggers.insert(trigger);
      await tx.outbox.add(domainEvent(this.ids, this.clock, workspaceId, "SurveyTriggerChanged", trigger.id, { trigger: toTriggerView(trigger), change: "created" }));
      return ok(toTriggerView(trigger));
    });
  }
}
