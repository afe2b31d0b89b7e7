import { inject, injectable } from "tsyringe";
import { z } from "zod";
import { notificationMessageId, planNotifications, type Notification } from "../../domain/notifications/notification.js";
import { renderNotification } from "../../domain/notifications/templates.js";
import { ok } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { Mailer } from "../ports/mailer.js";
import type { NotificationPublisher } from "../ports/notification-publisher.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import type { OutboxHandler } from "../outbox/outbox-handler.js";
import { TOKENS } from "../tokens.js";
import { NOTIFYING_EVENT_TYPES, notificationTriggerOf } from "./notification-triggers.js";

export interface NotificationSettings {
  /** Where links in mails point, e.g. https://crm.example.de. */
  readonly publicUrl: string;
  /** The right-hand side of generated Message-IDs. */
  readonly messageIdDomain: string;
}

/**
 * Turns an outbox event into one in-app notification per recipient and, for those who want
 * e-mail, one `StaffMailRequested` message — all in one transaction. The (event, recipient) pair
 * is unique, so a redelivered event adds nothing.
 */
@injectable()
export class NotifyStaff implements OutboxHandler {
  readonly name = "notify-staff";
  readonly eventTypes = NOTIFYING_EVENT_TYPES;

  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.NotificationPublisher) private readonly publisher: NotificationPublisher,
    @inject(TOKENS.NotificationSettings) private readonly settings: NotificationSettings,
  ) {}

  async handle(message: OutboxMessage): Promise<void> {
    const trigger = notificationTriggerOf(message);
    if (!trigger) return;
    const stored = await this.uow.run(message.workspaceId, async (tx) => {
      const workspace = await tx.workspaces.findById(tx.workspaceId);
      if (!workspace) return ok([]);
      const created: Notification[] = [];
      for (const plan of planNotifications(trigger, await tx.staff.list())) {
        const rendered = renderNotification(plan.subject, workspace.locale, plan.member.name, this.settings.publicUrl);
        const notification: Notification = {
          id: this.ids.newId(),
          workspaceId: workspace.id,
          staffId: plan.member.id,
          eventId: message.id,
          kind: plan.subject.kind,
          title: rendered.title,
          body: rendered.body,
          link: rendered.link,
          readAt: null,
          createdAt: this.clock.now().toISOString(),
        };
        if (!(await tx.notifications.insertOnce(notification))) continue;
        created.push(notification);
        if (!plan.email) continue;
        const mail: StaffMail = {
          messageId: notificationMessageId(message.id, plan.member.id, this.settings.messageIdDomain),
          to: { name: plan.member.name, address: plan.member.email },
          ...rendered.mail,
        };
        await tx.outbox.add(domainEvent(this.ids, this.clock, workspace.id, "StaffMailRequested", notification.id, { ...mail }));
      }
      return ok(created);
    });
    if (stored.ok && stored.value.length > 0) this.publisher.publish(stored.value);
  }
}

const StaffMail = z.object({
  messageId: z.string().min(3),
  to: z.object({ name: z.string(), address: z.string() }),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
});
type StaffMail = z.output<typeof StaffMail>;

/** Sends the mail a `StaffMailRequested` message carries; rendered when the event happened, so a retry sends the same mail. */
@injectable()
export class SendStaffMail implements OutboxHandler {
  readonly name = "send-staff-mail";
  readonly eventTypes = ["StaffMailRequested"] as const;

  constructor(@inject(TOKENS.Mailer) private readonly mailer: Mailer) {}

  async handle(message: OutboxMessage): Promise<void> {
    const parsed = StaffMail.safeParse(message.payload);
    if (!parsed.success) throw new Error(`StaffMailRequested ${message.id}: unreadable payload`);
    await this.mailer.send(parsed.data);
  }
}
