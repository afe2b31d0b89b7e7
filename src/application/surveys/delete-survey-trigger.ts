import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { TOKENS } from "../tokens.js";
import { toTriggerView } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";

type TriggerView = ReturnType<typeof toTriggerView>;

@injectable()
export class DeleteSurveyTrigger {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, triggerId: string): Promise<Result<{ id: string }, Failure>> {
    return this.uow.run(workspaceId, async (tx) => {
      const triggers = tx.use(SURVEYS).triggers;
      const trigger = await triggers.findById(triggerId);
      if (!trigger) return err(notFound("survey trigger"));
      await triggers.delete(triggerId);
      await tx.outbox.add(domainEvent(this.ids, this.clock, workspaceId, "SurveyTriggerChanged", triggerId, { trigger: toTriggerView(trigger), change: "deleted" }));
      return ok({ id: triggerId });
    });
  }
}
