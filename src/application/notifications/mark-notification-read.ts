import { inject, injectable } from "tsyringe";
import type { Notification } from "../../domain/notifications/notification.js";
import type { Failure } from "../../domain/shared/failure.js";
import { notFound } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { forStaff } from "./notification-use-cases.js";

@injectable()
export class MarkNotificationRead {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute(workspaceId: string, staffId: string, notificationId: string): Promise<Result<Notification, Failure>> {
    return forStaff(this.uow, workspaceId, staffId, async (tx) => {
      if (!(await tx.notifications.findById(staffId, notificationId))) return err(notFound("notification"));
      await tx.notifications.markRead(staffId, notificationId, this.clock.now().toISOString());
      const read = await tx.notifications.findById(staffId, notificationId);
      return read ? ok(read) : err(notFound("notification"));
    });
  }
}
