import { z } from "zod";
import { NOTICE_SEVERITIES, type InquiryFacts, type NotificationTrigger } from "../../domain/notifications/notification.js";
import { topScoreReasons } from "../../domain/inquiry/score-reason-text.js";
import { eurosToCents } from "../../domain/shared/money.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";

/*
 * Event payloads are JSON written by other parts of the system (and by older versions of it).
 * Only the fields a notification needs are read; extra fields are ignored.
 */

const AddressPayload = z.object({
  street: z.string().nullish(),
  zipcode: z.string().nullish(),
  city: z.string().nullish(),
  countryCode: z.string().nullish(),
});

const address = (value: z.output<typeof AddressPayload> | null | undefined) =>
  value ? { street: value.street ?? null, zipcode: value.zipcode ?? null, city: value.city ?? null, countryCode: value.countryCode ?? null } : null;

const InquiryPayload = z.object({
  inquiry: z.object({
    id: z.string(),
    title: z.string(),
    contact: z.object({ name: z.string().nullish(), email: z.string().nullish(), phone: z.string().nullish() }).nullish(),
    expectedValue: z.number().nullish(),
    source: z.string(),
    leadScore: z.number(),
    assignee: z.string().nullish(),
    address: AddressPayload.nullish(),
    projectAddress: AddressPayload.nullish(),
    notes: z.string().nullish(),
    urgency: z.string().nullish(),
    desiredStartDate: z.string().nullish(),
    followUpDate: z.string().nullish(),
    // Reasons written before they had words (a `detail` only) are left out rather than shown raw.
    leadScoreReasons: z.array(z.object({ points: z.number(), text: z.string().optional() })).nullish(),
    /** Suspected spam: staff hear of it only when a user releases it (InquiryReleased). */
    heldForReview: z.boolean().optional(),
  }),
  changed: z.array(z.string()).optional(),
  /** Set by imports: the one inquiry is not announced; the import's summary is. */
  quiet: z.boolean().optional(),
});

const ImportPayload = z.object({
  import: z.object({
    type: z.enum(["inquiries", "customers"]),
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    failed: z.number().int(),
    warnings: z.number().int().optional(),
  }),
});

const OrderPayload = z.object({
  order: z.object({
    id: z.string(),
    email: z.string().nullish(),
    subject: z.string().nullish(),
    message: z.string().nullish(),
    totalCents: z.number().int().nullish(),
  }),
});

const TicketPayload = z.object({
  ticket: z.object({
    id: z.string(),
    email: z.string().nullish(),
    subject: z.string().nullish(),
    message: z.string().nullish(),
    name: z.string().nullish(),
    phone: z.string().nullish(),
  }),
});

/** What a feature sends with `StaffNoticeRequested` (see staff-notice.ts). */
export const NoticePayload = z.object({
  recipients: z.union([z.literal("all_staff"), z.array(z.string())]),
  notice: z.object({
    feature: z.string().min(1),
    topic: z.string().min(1),
    title: z.string().min(1),
    summary: z.string(),
    link: z.string().startsWith("/"),
    severity: z.enum(NOTICE_SEVERITIES).default("info"),
  }),
});

function inquiryFacts(payload: z.output<typeof InquiryPayload>): InquiryFacts {
  const { inquiry } = payload;
  return {
    id: inquiry.id,
    title: inquiry.title,
    contactName: inquiry.contact?.name ?? null,
    expectedValueCents: inquiry.expectedValue == null ? null : eurosToCents(inquiry.expectedValue),
    source: inquiry.source,
    leadScore: inquiry.leadScore,
    assignee: inquiry.assignee?.trim().toLowerCase() || null,
    contactEmail: inquiry.contact?.email ?? null,
    contactPhone: inquiry.contact?.phone ?? null,
    address: address(inquiry.address),
    projectAddress: address(inquiry.projectAddress),
    notes: inquiry.notes ?? null,
    urgency: inquiry.urgency ?? null,
    desiredStartDate: inquiry.desiredStartDate ?? null,
    followUpDate: inquiry.followUpDate ?? null,
    topReasons: topScoreReasons(
      (inquiry.leadScoreReasons ?? []).flatMap((reason) => (reason.text === undefined ? [] : [{ text: reason.text, points: reason.points }])),
    ),
  };
}

export class UnreadablePayloadError extends Error {}

function parsePayload<S extends z.ZodType>(schema: S, message: OutboxMessage): z.output<S> {
  const parsed = schema.safeParse(message.payload);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join(".") || "(payload)").join(", ");
    throw new UnreadablePayloadError(`${message.type} ${message.id}: unreadable payload at ${where}`);
  }
  return parsed.data;
}

/** What an outbox event means for staff notifications, or null when it means nothing to them. */
export function notificationTriggerOf(message: OutboxMessage): NotificationTrigger | null {
  switch (message.type) {
    case "InquiryCreated": {
      // A quiet one (an import row) carries ids only and is announced by the import's summary.
      if (message.payload.quiet === true) return null;
      const payload = parsePayload(InquiryPayload, message);
      return payload.quiet || payload.inquiry.heldForReview ? null : { type: "inquiry_created", inquiry: inquiryFacts(payload) };
    }
    case "InquiryReleased":
      // Released from review: staff hear of it as if it had just arrived.
      return { type: "inquiry_created", inquiry: inquiryFacts(parsePayload(InquiryPayload, message)) };
    case "ImportFinished": {
      const { import: summary } = parsePayload(ImportPayload, message);
      return {
        type: "import_finished",
        summary: {
          id: message.aggregateId,
          recordType: summary.type,
          imported: summary.created + summary.updated,
          failed: summary.failed,
          warnings: summary.warnings ?? 0,
        },
      };
    }
    case "InquiryUpdated": {
      const payload = parsePayload(InquiryPayload, message);
      const facts = inquiryFacts(payload);
      return payload.changed?.includes("assignee") && facts.assignee !== null ? { type: "inquiry_assigned", inquiry: facts } : null;
    }
    case "OrderReceived": {
      const { order } = parsePayload(OrderPayload, message);
      return {
        type: "order_received",
        order: { id: order.id, email: order.email ?? null, subject: order.subject ?? null, totalCents: order.totalCents ?? null, message: order.message ?? null },
      };
    }
    case "TicketCreated": {
      const { ticket } = parsePayload(TicketPayload, message);
      return {
        type: "ticket_created",
        ticket: {
          id: ticket.id,
          email: ticket.email ?? null,
          subject: ticket.subject ?? null,
          message: ticket.message ?? null,
          name: ticket.name ?? null,
          phone: ticket.phone ?? null,
        },
      };
    }
    case "StaffNoticeRequested": {
      const { recipients, notice } = parsePayload(NoticePayload, message);
      return { type: "notice", notice, recipients };
    }
    default:
      return null;
  }
}

export const NOTIFYING_EVENT_TYPES = ["InquiryCreated", "InquiryReleased", "InquiryUpdated", "OrderReceived", "TicketCreated", "ImportFinished", "StaffNoticeRequested"] as const;
