import { z } from "zod";
import { DELIVERY_STATUSES, type WebhookDelivery } from "../../domain/webhook/delivery.js";
import { MAX_ROTATION_GRACE_HOURS, type WebhookSubscription } from "../../domain/webhook/subscription.js";
import { MAX_URL_LENGTH } from "../../domain/webhook/target.js";
import { singleLine } from "../shared/text-input.js";
import type { Assert, SameShape } from "../shared/view-schemas.js";
import { listOf, pageOf, TimestampSchema } from "../shared/view-schemas.js";

const Url = singleLine(z.string().trim().min(1, "must not be empty").max(MAX_URL_LENGTH)).describe(
  "Where events are POSTed: https (plain http only to a private address the operator allows).",
);
const Events = z
  .array(z.string().max(100))
  .min(1, "must name at least one event")
  .max(50)
  .describe("Event names or patterns: `inquiry.created`, `inquiry.*`, `*` for all.");
const Fields = z
  .array(singleLine(z.string().min(1).max(64)))
  .max(50)
  .nullable()
  .describe("Update events (`*.updated`) only when one of these fields changed, e.g. `[\"status\"]`; null or empty: every update.");
const Description = singleLine(z.string().trim().max(200)).nullable().describe("A note for people: what the target is.");

export const CreateWebhookInput = z.strictObject({
  url: Url,
  events: Events,
  fields: Fields.optional(),
  description: Description.optional(),
  active: z.boolean().optional(),
});
export type CreateWebhookInput = z.input<typeof CreateWebhookInput>;

export const UpdateWebhookInput = z.strictObject({
  url: Url.optional(),
  events: Events.optional(),
  fields: Fields.optional(),
  description: Description.optional(),
  active: z.boolean().optional().describe("Switching a subscription on again sends what is still pending."),
});
export type UpdateWebhookInput = z.input<typeof UpdateWebhookInput>;

export const ListDeliveriesInput = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200, "must be at most 200").optional(),
  cursor: z.string().max(500).optional().describe("The `nextCursor` of the previous page."),
});
export type ListDeliveriesInput = z.input<typeof ListDeliveriesInput>;

/** The default grace period of a rotation: a day, long enough for a receiver's next deploy. */
export const DEFAULT_ROTATION_GRACE_HOURS = 24;

export const RotateSecretInput = z.strictObject({
  graceHours: z
    .number()
    .int()
    .min(0)
    .max(MAX_ROTATION_GRACE_HOURS, `must be at most ${MAX_ROTATION_GRACE_HOURS}`)
    .optional()
    .describe(`How long the previous secret keeps signing too (hours, default ${DEFAULT_ROTATION_GRACE_HOURS}); 0 ends it at once.`),
});
export type RotateSecretInput = z.input<typeof RotateSecretInput>;

/** A subscription as every channel shows it: never with its secret. */
export const WebhookViewSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()).readonly(),
  fields: z.array(z.string()).readonly().nullable(),
  description: z.string().nullable(),
  active: z.boolean(),
  disabledReason: z.string().nullable().describe("Why the server switched it off: 410 Gone, or failing for too long."),
  failingSince: TimestampSchema.nullable().describe("Start of the current run of failed attempts; null after a success."),
  previousSecretExpiresAt: TimestampSchema.nullable().describe("After a secret rotation: until then deliveries are signed with the previous secret too."),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type WebhookView = z.output<typeof WebhookViewSchema>;
type _ViewIsTheSubscriptionWithoutSecrets = Assert<SameShape<WebhookView, Omit<WebhookSubscription, "workspaceId" | "secret" | "previousSecret">>>;

export const CreatedWebhookViewSchema = WebhookViewSchema.extend({
  secret: z.string().describe("Signs every delivery. Shown only in this answer: store it now."),
});
export type CreatedWebhookView = z.output<typeof CreatedWebhookViewSchema>;

export const RotatedWebhookViewSchema = WebhookViewSchema.extend({
  secret: z.string().describe("The new signing secret. Shown only in this answer: store it now."),
});
export type RotatedWebhookView = z.output<typeof RotatedWebhookViewSchema>;

// A copy of the item schema: the API reference documents each response schema on its own.
export const WebhookListSchema = listOf(z.object(WebhookViewSchema.shape));

export const DeliveryViewSchema = z.object({
  id: z.string(),
  eventId: z.string().describe("Also the `Leadport-Event-Id` header and the body's `id`: repeats carry the same one."),
  eventType: z.string(),
  recordId: z.string(),
  status: z.enum(DELIVERY_STATUSES).describe("`dead`: retries ended; `POST …/redeliver` sends it again."),
  attempts: z.number().int(),
  nextAttemptAt: TimestampSchema.nullable().describe("When the next attempt is due; null unless pending."),
  lastAttemptAt: TimestampSchema.nullable(),
  lastStatusCode: z.number().int().nullable().describe("The HTTP status of the last answer; null when none came."),
  lastResponse: z.string().nullable().describe("The start of the last answer's body (1 KiB), or why no answer came."),
  deliveredAt: TimestampSchema.nullable(),
  createdAt: TimestampSchema,
});
export type DeliveryView = z.output<typeof DeliveryViewSchema>;

export const DeliveryPageSchema = pageOf(z.object(DeliveryViewSchema.shape));
export type DeliveryPageView = z.output<typeof DeliveryPageSchema>;

export const PingResultSchema = z.object({
  url: z.string(),
  ok: z.boolean(),
  statusCode: z.number().int().nullable(),
  response: z.string().describe("The start of the answer's body, or why no answer came."),
});
export type PingResult = z.output<typeof PingResultSchema>;

export function toWebhookView(subscription: WebhookSubscription): WebhookView {
  const { workspaceId: _workspace, secret: _secret, previousSecret: _previous, ...view } = subscription;
  return view;
}

export function toDeliveryView(delivery: WebhookDelivery): DeliveryView {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    recordId: delivery.recordId,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === "pending" ? delivery.nextAttemptAt : null,
    lastAttemptAt: delivery.lastAttemptAt,
    lastStatusCode: delivery.lastStatusCode,
    lastResponse: delivery.lastResponse,
    deliveredAt: delivery.deliveredAt,
    createdAt: delivery.createdAt,
  };
}
