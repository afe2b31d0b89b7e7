import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { notFound } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { ListNotificationsInput, type NotificationList } from "./notification-use-cases.js";

@injectable()
export class ListNotifications {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, staffId: string, input: ListNotificationsInput = {}): Promise<Result<NotificationList, Failure>> {
    const parsed = parseInput(ListNotificationsInput, input);
    if (!parsed.ok) return parsed;
    return this.uow.read(workspaceId, async (tx) => {
      if (!(await tx.staff.findById(staffId))) return err(notFound("staff member"));
      return ok({
        items: await tx.notifications.list(staffId, { unreadOnly: parsed.value.unread, limit: parsed.value.limit }),
        unreadCount: await tx.notifications.countUnread(staffId),
      });
    });
  }
}
