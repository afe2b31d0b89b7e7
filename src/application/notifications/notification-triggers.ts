import { z } from "zod";
import type { InquiryFacts, NotificationTrigger } from "../../domain/notifications/notification.js";
import { eurosToCents } from "../../domain/shared/money.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";

/*
 * Event payloads are JSON written by other parts of the system (and by older versions of it).
 * Only the fields a notification needs are read; extra fields are ignored.
 */

const InquiryPayload = z.object({
  inquiry: z.object({
    id: z.string(),
    title: z.string(),
    contact: z.object({ name: z.string().nullish() }).nullish(),
    expectedValue: z.number().nullish(),
    source: z.string(),
    leadScore: z.number(),
    assignee: z.string().nullish(),
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
    totalCents: z.number().int().nullish(),
  }),
});

const TicketPayload = z.object({
  ticket: z.object({
    id: z.string(),
    email: z.string().nullish(),
    subject: z.string().nullish(),
    message: z.string().nullish(),
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
      const payload = parsePayload(InquiryPayload, message);
      return payload.quiet ? null : { type: "inquiry_created", inquiry: inquiryFacts(payload) };
    }
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
      return { type: "order_received", order: { id: order.id, email: order.email ?? null, subject: order.subject ?? null, totalCents: order.totalCents ?? null } };
    }
    case "TicketCreated": {
      const { ticket } = parsePayload(TicketPayload, message);
      return {
        type: "ticket_created",
        ticket: { id: ticket.id, email: ticket.email ?? null, subject: ticket.subject ?? null, message: ticket.message ?? null },
      };
    }
    default:
      return null;
  }
}

export const NOTIFYING_EVENT_TYPES = ["InquiryCreated", "InquiryUpdated", "OrderReceived", "TicketCreated", "ImportFinished"] as const;
