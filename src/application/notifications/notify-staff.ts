import { inject, injectable } from "tsyringe";
import {
  notificationMessageId,
  planNotifications,
  type NoticeFacts,
  type NoticeTag,
  type Notification,
  type NotificationSubject,
} from "../../domain/notifications/notification.js";
import { recordPagePath, type RecordKind } from "../../domain/notifications/record-link.js";
import { renderNotification } from "../../domain/notifications/templates.js";
import { ok } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { MessageSigner } from "../ports/message-signer.js";
import type { Secrets } from "../ports/secrets.js";
import type { NotificationPublisher } from "../ports/notification-publisher.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import type { OutboxHandler } from "../outbox/outbox-handler.js";
import { TOKENS } from "../tokens.js";
import type { StaffMail } from "./send-staff-mail.js";
import { NOTIFYING_EVENT_TYPES, notificationTriggerOf } from "./notification-triggers.js";
import { recordLinkSigner } from "./record-links.js";

export interface NotificationSettings {
  /** Where links in mails point, e.g. https://crm.example.de. */
  readonly publicUrl: string;
  /** The right-hand side of generated Message-IDs. */
  readonly messageIdDomain: string;
  /** How long the signed record page links in notifications stay valid. */
  readonly linkTtlDays: number;
}

/** The record a notification is about, as the page link names it; an import summary and a feature's notice have none. */
function recordOf(subject: NotificationSubject): { kind: RecordKind; id: string } | null {
  switch (subject.kind) {
    case "inquiry_created":
    case "inquiry_assigned":
      return { kind: "inquiry", id: subject.inquiry.id };
    case "order_received":
      return { kind: "order", id: subject.order.id };
    case "ticket_created":
      return { kind: "ticket", id: subject.ticket.id };
    case "import_finished":
    case "notice":
      return null;
  }
}

const noticeTag = ({ feature, topic, severity }: NoticeFacts): NoticeTag => ({ feature, topic, severity });

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
    @inject(TOKENS.Secrets) private readonly secrets: Secrets,
    @inject(TOKENS.MessageSigner) private readonly signer: MessageSigner,
  ) {}

  async handle(message: OutboxMessage): Promise<void> {
    const trigger = notificationTriggerOf(message);
    if (!trigger) return;
    // Loaded before the transaction: the key may have to be stored first, in a transaction of its own.
    const links = await recordLinkSigner(this.uow, this.secrets, this.clock, this.signer);
    const base = this.settings.publicUrl.replace(/\/+$/, "");
    const stored = await this.uow.run(message.workspaceId, async (tx) => {
      const workspace = await tx.workspaces.findById(tx.workspaceId);
      if (!workspace) return ok([]);
      const created: Notification[] = [];
      for (const plan of planNotifications(trigger, await tx.staff.list())) {
        const record = recordOf(plan.subject);
        const pageUrl = record
          ? `${base}${recordPagePath(record.kind, record.id, links.sign(workspace.id, plan.member.id, record.kind, record.id, this.settings.linkTtlDays))}`
          : null;
        const rendered = renderNotification(plan.subject, workspace.locale, plan.member.name, pageUrl);
        const notification: Notification = {
          id: this.ids.newId(),
          workspaceId: workspace.id,
          staffId: plan.member.id,
          eventId: message.id,
          kind: plan.subject.kind,
          title: rendered.title,
          body: rendered.body,
          link: rendered.link,
          pageUrl,
          readAt: null,
          createdAt: this.clock.now().toISOString(),
          ...(plan.subject.kind === "notice" ? { notice: noticeTag(plan.subject.notice) } : {}),
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

// The mail handler has its own file; this path stays for code that imported it from here.
export { SendStaffMail } from "./send-staff-mail.js";
