import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { type MarkedRead, forStaff } from "./notification-use-cases.js";

@injectable()
export class MarkAllNotificationsRead {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute(workspaceId: string, staffId: string): Promise<Result<MarkedRead, Failure>> {
    return forStaff(this.uow, workspaceId, staffId, async (tx) =>
      ok({ marked: await tx.notifications.markAllRead(staffId, this.clock.now().toISOString()) }),
    );
  }
}
