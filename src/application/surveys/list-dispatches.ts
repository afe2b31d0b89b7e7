import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { toDispatchView, type DispatchView } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";

/** A survey's dispatches, newest first: also those its triggers started, with whom the quarantine skipped. */
@injectable()
export class ListDispatches {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute(workspaceId: string, surveyId: string): Promise<Result<DispatchView[], Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const store = tx.use(SURVEYS);
      if (!(await store.surveys.findById(surveyId))) return err(notFound("survey"));
      const views: DispatchView[] = [];
      for (const dispatch of await store.dispatches.listBySurvey(surveyId)) {
        views.push(toDispatchView(dispatch, await store.invitations.listByDispatch(dispatch.id), this.clock.now()));
      }
      return ok(views);
    });
  }
}
