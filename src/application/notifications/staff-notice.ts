import type { NoticeFacts, NoticeRecipients } from "../../domain/notifications/notification.js";
import type { DomainEvent } from "../../domain/events.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import { domainEvent } from "../shared/events.js";

/**
 * The `StaffNoticeRequested` event a feature records in its own transaction to tell staff in the
 * app; NotifyStaff turns it into one notification per recipient and streams them. It never mails:
 * a feature that mails does so as it always did, so nobody is told twice by e-mail.
 *
 * `customerId` names the customer a notice speaks of: a customer's export and erasure find the
 * events that mention the customer's id, and with them the notifications they raised.
 */
export function staffNoticeRequested(
  services: { ids: IdGenerator; clock: Clock },
  workspaceId: string,
  aggregateId: string,
  recipients: NoticeRecipients,
  notice: NoticeFacts,
  customerId: string | null = null,
): DomainEvent {
  return domainEvent(services.ids, services.clock, workspaceId, "StaffNoticeRequested", aggregateId, {
    recipients: recipients === "all_staff" ? recipients : [...recipients],
    notice: { ...notice },
    ...(customerId === null ? {} : { customerId }),
  });
}
