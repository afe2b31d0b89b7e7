import { inject, injectable } from "tsyringe";
import { z } from "zod";
import type { Notification } from "../../domain/notifications/notification.js";
import type { Failure } from "../../domain/shared/failure.js";
import { notFound } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";

export const ListNotificationsInput = z.strictObject({
  unread: z.enum(["true", "false"]).transform((value) => value === "true").or(z.boolean()).default(false),
  limit: z.coerce.number().int("must be an integer").min(1, "must be at least 1").max(200, "must be at most 200").default(50),
});
export type ListNotificationsInput = z.input<typeof ListNotificationsInput>;

export type NotificationView = Omit<Notification, "workspaceId">;

export function toNotificationView(notification: Notification): NotificationView {
  const { workspaceId: _implicit, ...view } = notification;
  return view;
}

export interface NotificationList {
  readonly items: readonly Notification[];
  readonly unreadCount: number;
}

/** Runs work for an existing staff member of the workspace; another workspace's member is not found. */
function forStaff<T>(
  uow: UnitOfWork,
  workspaceId: string,
  staffId: string,
  work: (tx: WorkspaceTransaction) => Promise<Result<T, Failure>>,
): Promise<Result<T, Failure>> {
  return uow.run(workspaceId, async (tx) => ((await tx.staff.findById(staffId)) ? work(tx) : err(notFound("staff member"))));
}

@injectable()
export class ListNotifications {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, staffId: string, input: ListNotificationsInput = {}): Promise<Result<NotificationList, Failure>> {
    const parsed = parseInput(ListNotificationsInput, input);
    if (!parsed.ok) return parsed;
    return forStaff(this.uow, workspaceId, staffId, async (tx) =>
      ok({
        items: await tx.notifications.list(staffId, { unreadOnly: parsed.value.unread, limit: parsed.value.limit }),
        unreadCount: await tx.notifications.countUnread(staffId),
      }),
    );
  }
}

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

@injectable()
export class MarkAllNotificationsRead {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute(workspaceId: string, staffId: string): Promise<Result<{ marked: number }, Failure>> {
    return forStaff(this.uow, workspaceId, staffId, async (tx) =>
      ok({ marked: await tx.notifications.markAllRead(staffId, this.clock.now().toISOString()) }),
    );
  }
}
