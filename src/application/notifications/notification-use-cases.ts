import { z } from "zod";
import { NOTICE_SEVERITIES, type Notification, type NotificationKind } from "../../domain/notifications/notification.js";
import type { Failure } from "../../domain/shared/failure.js";
import { notFound } from "../../domain/shared/failure.js";
import { err, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import type { Assert, SameShape } from "../shared/view-schemas.js";
import { TimestampSchema } from "../shared/view-schemas.js";

export const ListNotificationsInput = z.strictObject({
  unread: z.enum(["true", "false"]).transform((value) => value === "true").or(z.boolean()).default(false),
  limit: z.coerce.number().int("must be an integer").min(1, "must be at least 1").max(200, "must be at most 200").default(50),
});

export type ListNotificationsInput = z.input<typeof ListNotificationsInput>;

const NOTIFICATION_KINDS = ["inquiry_created", "inquiry_assigned", "order_received", "ticket_created", "import_finished", "notice"] as const;

type _NotificationKindsAreTheDomainKinds = Assert<SameShape<(typeof NOTIFICATION_KINDS)[number], NotificationKind>>;

/** The public shape of an in-app notification: everything but the workspace. */
export const NotificationViewSchema = z.object({
  id: z.string(),
  staffId: z.string(),
  eventId: z.string().describe("The outbox event it came from."),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  link: z.string().describe("API path of the record it is about."),
  pageUrl: z
    .string()
    .nullable()
    .describe("The record's page for this staff member: opens in a browser without a key until the link expires (LEADPORT_LINK_TTL_DAYS)."),
  readAt: TimestampSchema.nullable(),
  createdAt: TimestampSchema,
  notice: z
    .object({
      feature: z.string().describe("The feature that raised it, e.g. surveys, accounting, webhooks."),
      topic: z.string().describe("What happened, e.g. feedback_received, churn_risk, connection_broken, subscription_disabled."),
      severity: z.enum(NOTICE_SEVERITIES).describe("warning: something needs doing; info: for the record."),
    })
    .optional()
    .describe("Only on kind `notice`: a feature's message to staff; `title` and `body` are its words, `link` what it is about."),
});

export type NotificationView = z.output<typeof NotificationViewSchema>;

type _NotificationViewIsTheNotificationWithoutWorkspace = Assert<SameShape<NotificationView, Omit<Notification, "workspaceId">>>;

/** A staff member's notifications, newest first, with how many are unread in all. */
export const NotificationListViewSchema = z.object({
  items: z.array(NotificationViewSchema).readonly(),
  unreadCount: z.number().int(),
});

export type NotificationListView = z.output<typeof NotificationListViewSchema>;

export const MarkedReadSchema = z.object({ marked: z.number().int().describe("How many notifications were unread.") });

export type MarkedRead = z.output<typeof MarkedReadSchema>;

export function toNotificationView(notification: Notification): NotificationView {
  const { workspaceId: _implicit, ...view } = notification;
  // Notifications stored before pages existed have no page address.
  return { ...view, pageUrl: notification.pageUrl ?? null };
}

export interface NotificationList {
  readonly items: readonly Notification[];
  readonly unreadCount: number;
}

/** Runs work for an existing staff member of the workspace; another workspace's member is not found. */
export function forStaff<T>(
  uow: UnitOfWork,
  workspaceId: string,
  staffId: string,
  work: (tx: WorkspaceTransaction) => Promise<Result<T, Failure>>,
): Promise<Result<T, Failure>> {
  return uow.run(workspaceId, async (tx) => ((await tx.staff.findById(staffId)) ? work(tx) : err(notFound("staff member"))));
}
