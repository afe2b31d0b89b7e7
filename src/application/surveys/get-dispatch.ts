import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { toDispatchView, type DispatchView } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";

@injectable()
export class GetDispatch {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute(workspaceId: string, dispatchId: string): Promise<Result<DispatchView, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const store = tx.use(SURVEYS);
      const dispatch = await store.dispatches.findById(dispatchId);
      if (!dispatch) return err(notFound("dispatch"));
      return ok(toDispatchView(dispatch, await store.invitations.listByDispatch(dispatch.id), this.clock.now()));
    });
  }
}
