import type { Address } from "../customer/address.js";
import type { CalendarDate } from "../shared/dates.js";
import type { Cents } from "../shared/money.js";
import { wants, type StaffEvent, type StaffMember } from "../staff/staff.js";

/** The facts a notification is about, taken from an outbox event's payload. */
export interface InquiryFacts {
  readonly id: string;
  readonly title: string;
  readonly contactName: string | null;
  readonly expectedValueCents: Cents | null;
  readonly source: string;
  readonly leadScore: number;
  readonly assignee: string | null;
  /** What staff need to call back without opening anything else. */
  readonly contactEmail: string | null;
  readonly contactPhone: string | null;
  readonly address: Address | null;
  readonly projectAddress: Address | null;
  readonly notes: string | null;
  readonly urgency: string | null;
  readonly desiredStartDate: CalendarDate | null;
  readonly followUpDate: CalendarDate | null;
  /** The reasons that gave the most points, best first, already in the workspace's language. */
  readonly topReasons: ReadonlyArray<{ readonly text: string; readonly points: number }>;
}

export interface OrderFacts {
  readonly id: string;
  readonly email: string | null;
  readonly subject: string | null;
  readonly totalCents: Cents | null;
  readonly message?: string | null;
}

export interface TicketFacts {
  readonly id: string;
  readonly email: string | null;
  readonly subject: string | null;
  readonly message: string | null;
  readonly name?: string | null;
  readonly phone?: string | null;
}

export const NOTICE_SEVERITIES = ["info", "warning"] as const;
export type NoticeSeverity = (typeof NOTICE_SEVERITIES)[number];

/**
 * What a feature module (surveys, accounting, webhooks, …) has to tell staff in the app. The core
 * does not know the feature: the feature composes the words, in the language its mails use, and
 * the core stores and shows them as they are.
 */
export interface NoticeFacts {
  /** The feature that raised it, e.g. "surveys". */
  readonly feature: string;
  /** What happened, in the feature's own words for machines, e.g. "churn_risk". */
  readonly topic: string;
  readonly title: string;
  readonly summary: string;
  /** API path of what the notice is about, e.g. /api/v1/webhooks/wh_1. */
  readonly link: string;
  readonly severity: NoticeSeverity;
}

/** Who hears of a notice: every staff member, or the named staff members (ids). */
export type NoticeRecipients = "all_staff" | readonly string[];

export type NotificationSubject =
  | { readonly kind: "inquiry_created"; readonly inquiry: InquiryFacts }
  | { readonly kind: "inquiry_assigned"; readonly inquiry: InquiryFacts }
  | { readonly kind: "order_received"; readonly order: OrderFacts }
  | { readonly kind: "ticket_created"; readonly ticket: TicketFacts }
  | { readonly kind: "import_finished"; readonly summary: ImportSummaryFacts }
  | { readonly kind: "notice"; readonly notice: NoticeFacts };

export type NotificationKind = NotificationSubject["kind"];

/** Something that happened which staff may need to hear about. */
export type NotificationTrigger =
  | { readonly type: "inquiry_created"; readonly inquiry: InquiryFacts }
  | { readonly type: "inquiry_assigned"; readonly inquiry: InquiryFacts }
  | { readonly type: "order_received"; readonly order: OrderFacts }
  | { readonly type: "ticket_created"; readonly ticket: TicketFacts }
  | { readonly type: "import_finished"; readonly summary: ImportSummaryFacts }
  | { readonly type: "notice"; readonly notice: NoticeFacts; readonly recipients: NoticeRecipients };

/** One finished spreadsheet import, told to staff once instead of once per row. */
export interface ImportSummaryFacts {
  readonly id: string;
  readonly recordType: "inquiries" | "customers";
  /** Rows created or updated. */
  readonly imported: number;
  readonly failed: number;
  readonly warnings: number;
}

/** One in-app notification for one staff member. */
export interface Notification {
  readonly id: string;
  readonly workspaceId: string;
  readonly staffId: string;
  /** The outbox event it came from: (eventId, staffId) is unique, which makes redelivery harmless. */
  readonly eventId: string;
  readonly kind: NotificationKind;
  readonly title: string;
  readonly body: string;
  /** API path of the record it is about. */
  readonly link: string;
  /** The record's page, signed for this staff member: opens in a browser without a key until it expires. */
  readonly pageUrl: string | null;
  readonly readAt: string | null;
  readonly createdAt: string;
  /** Only on a feature's notice: which feature, what about, how serious. */
  readonly notice?: NoticeTag;
}

/** A notice's facts kept beside its title and body, so clients can sort and colour notices. */
export interface NoticeTag {
  readonly feature: string;
  readonly topic: string;
  readonly severity: NoticeSeverity;
}

export interface PlannedNotification {
  readonly member: StaffMember;
  readonly subject: NotificationSubject;
  /** Whether an e-mail goes out besides the in-app notification. */
  readonly email: boolean;
}

const isAssignee = (member: StaffMember, assignee: string | null) => assignee !== null && member.email === assignee;

/**
 * Who hears about what. New inquiries and tickets go to those who asked for them; the assignee of
 * an inquiry hears once, as the assignee. Orders reach every staff member in the app (the promise
 * made to customers: "Alle Mitarbeiter … erhalten sofort eine Benachrichtigung"); e-mail follows
 * each member's own choice. A feature's notice reaches the staff it names, or all staff, in the app
 * only: the feature mails through its own path if it wants to, so nobody gets two mails.
 */
export function planNotifications(trigger: NotificationTrigger, staff: readonly StaffMember[]): PlannedNotification[] {
  const mailIf = (member: StaffMember, event: StaffEvent) => member.emailEnabled && wants(member, event);
  switch (trigger.type) {
    case "inquiry_created": {
      const { inquiry } = trigger;
      return staff.flatMap((member): PlannedNotification[] => {
        if (isAssignee(member, inquiry.assignee) && wants(member, "assigned_to_me")) {
          return [{ member, subject: { kind: "inquiry_assigned", inquiry }, email: member.emailEnabled }];
        }
        if (wants(member, "new_inquiry")) return [{ member, subject: { kind: "inquiry_created", inquiry }, email: member.emailEnabled }];
        return [];
      });
    }
    case "inquiry_assigned":
      return staff
        .filter((member) => isAssignee(member, trigger.inquiry.assignee) && wants(member, "assigned_to_me"))
        .map((member) => ({ member, subject: { kind: "inquiry_assigned", inquiry: trigger.inquiry }, email: member.emailEnabled }));
    case "order_received":
      return staff.map((member) => ({ member, subject: { kind: "order_received", order: trigger.order }, email: mailIf(member, "new_order") }));
    case "ticket_created":
      return staff
        .filter((member) => wants(member, "new_ticket"))
        .map((member) => ({ member, subject: { kind: "ticket_created", ticket: trigger.ticket }, email: member.emailEnabled }));
    case "import_finished":
      // Those who want to hear of new inquiries hear of an import's inquiries, in one message.
      return staff
        .filter((member) => wants(member, "new_inquiry"))
        .map((member) => ({ member, subject: { kind: "import_finished", summary: trigger.summary }, email: member.emailEnabled }));
    case "notice": {
      const { recipients, notice } = trigger;
      return staff
        .filter((member) => recipients === "all_staff" || recipients.includes(member.id))
        .map((member) => ({ member, subject: { kind: "notice", notice }, email: false }));
    }
  }
}

/**
 * A Message-ID that is the same every time the mail for this event and recipient is produced,
 * so a resend after a crash is recognisable as the same mail.
 */
export function notificationMessageId(eventId: string, staffId: string, domain: string): string {
  const safe = (part: string) => part.replace(/[^A-Za-z0-9._-]/g, "_");
  return `<${safe(eventId)}.${safe(staffId)}@${safe(domain) || "leadport"}>`;
}
