import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { isDispatchOpen, type Dispatch } from "../../domain/survey/invitation.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { TOKENS } from "../tokens.js";
import { toDispatchView, type DispatchView } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";

/** Closes a dispatch now: no more invitations, reminders or answers; its links answer 410. */
@injectable()
export class CloseDispatch {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, dispatchId: string): Promise<Result<DispatchView, Failure>> {
    return this.uow.run(workspaceId, async (tx) => {
      const store = tx.use(SURVEYS);
      const dispatch = await store.dispatches.findById(dispatchId);
      if (!dispatch) return err(notFound("dispatch"));
      const now = this.clock.now();
      let closed: Dispatch = dispatch;
      if (isDispatchOpen(dispatch, now)) {
        closed = { ...dispatch, closedAt: now.toISOString() };
        await store.dispatches.update(closed);
        await tx.outbox.add(domainEvent(this.ids, this.clock, workspaceId, "SurveyDispatchClosed", dispatch.id, { dispatchId, surveyId: dispatch.surveyId }));
      }
      return ok(toDispatchView(closed, await store.invitations.listByDispatch(dispatch.id), now));
    });
  }
}
