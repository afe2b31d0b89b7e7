import { toNotificationView, type ListNotificationsInput, type NotificationView } from "../../application/notifications/notification-use-cases.js";
import { NotifyStaff } from "../../application/notifications/notify-staff.js";
import { SendStaffMail } from "../../application/notifications/send-staff-mail.js";
import { toStaffView, type AddStaffInput, type StaffView, type UpdateStaffInput } from "../../application/staff/staff-members.js";
import { recordPageRouteDocs } from "../../adapters/http/pages/record-page-docs.js";
import { recordPageRoutes } from "../../adapters/http/pages/record-page-routes.js";
import { staffRouteDocs, staffRoutes } from "../../adapters/http/staff-routes.js";
import type { Failure } from "../../domain/shared/failure.js";
import type { Result } from "../../domain/shared/result.js";
import { registerNotificationCommands } from "../cli/notification-commands.js";
import { defineModule } from "./feature-module.js";
import { mapResult } from "./library-results.js";

export interface NotificationsLibrary {
  /** Staff members are addressed by id or by e-mail. */
  readonly staff: {
    add(input: AddStaffInput): Promise<Result<StaffView, Failure>>;
    update(idOrEmail: string, input: UpdateStaffInput): Promise<Result<StaffView, Failure>>;
    remove(idOrEmail: string): Promise<Result<StaffView, Failure>>;
    get(idOrEmail: string): Promise<Result<StaffView, Failure>>;
    list(): Promise<Result<StaffView[], Failure>>;
  };
  readonly notifications: {
    list(staffId: string, query?: ListNotificationsInput): Promise<Result<{ items: NotificationView[]; unreadCount: number }, Failure>>;
    read(staffId: string, notificationId: string): Promise<Result<NotificationView, Failure>>;
    readAll(staffId: string): Promise<Result<{ marked: number }, Failure>>;
  };
}

/**
 * Staff and what they are told: notifications in the API and as a live stream, mails through the
 * outbox, and the signed record pages the mails link to.
 */
export const notificationsModule = defineModule({
  name: "notifications",
  outboxHandlers: (container) => [container.resolve(NotifyStaff), container.resolve(SendStaffMail)],
  http: ({ useCases, feed, settings, publicUrl }) => {
    const staff = staffRoutes(useCases, feed, { limits: settings.notificationStreams, publicUrl });
    return {
      routers: [staff.router, recordPageRoutes(useCases, { publicUrl })],
      docs: [...staffRouteDocs, ...recordPageRouteDocs],
      close: () => staff.closeStreams(),
    };
  },
  cli: (program, cli) => registerNotificationCommands(program, cli),
  library: ({ useCases, workspaceId: id }): NotificationsLibrary => ({
    staff: {
      add: async (input) => mapResult(await useCases.addStaff.execute(id, input), toStaffView),
      update: async (who, input) => mapResult(await useCases.updateStaff.execute(id, who, input), toStaffView),
      remove: async (who) => mapResult(await useCases.removeStaff.execute(id, who), toStaffView),
      get: async (who) => mapResult(await useCases.getStaff.execute(id, who), toStaffView),
      list: async () => mapResult(await useCases.listStaff.execute(id), (members) => members.map(toStaffView)),
    },
    notifications: {
      list: async (staffId, query) =>
        mapResult(await useCases.listNotifications.execute(id, staffId, query), (l) => ({ items: l.items.map(toNotificationView), unreadCount: l.unreadCount })),
      read: async (staffId, notificationId) => mapResult(await useCases.markNotificationRead.execute(id, staffId, notificationId), toNotificationView),
      readAll: (staffId) => useCases.markAllNotificationsRead.execute(id, staffId),
    },
  }),
});
