import type { DomainEventType } from "../events.js";

/** The webhook feature's own domain events, recorded in the outbox like every other event. */
declare module "../events.js" {
  interface DomainEventTypes {
    WebhookCreated: true;
    WebhookUpdated: true;
    WebhookDeleted: true;
    /** A new signing secret was issued; the payload names the grace period, never a secret. */
    WebhookSecretRotated: true;
    /** Switched off because the target failed continuously, or answered 410 Gone. */
    WebhookDisabled: true;
  }
}

/**
 * Events that never leave as webhooks: internal mail and notice requests carry rendered texts for staff, and
 * the webhook feature's own events would make a failing target report its failures to itself.
 */
const INTERNAL_EVENT_TYPES: ReadonlySet<string> = new Set<DomainEventType>([
  "StaffMailRequested",
  "StaffNoticeRequested",
  "WebhookCreated",
  "WebhookUpdated",
  "WebhookDeleted",
  "WebhookSecretRotated",
  "WebhookDisabled",
]);

/**
 * The public name of an event, as subscribers filter on it and receive it in `type`:
 * `InquiryCreated` → `inquiry.created`, `CatalogEntryMerged` → `catalog_entry.merged`,
 * `OrderReceived` → `order.received`. The last word is what happened; the words before it name the
 * record. Null for events that are not published.
 */
export function publicEventName(type: string): string | null {
  if (INTERNAL_EVENT_TYPES.has(type)) return null;
  const words = type.match(/[A-Z][a-z0-9]*/g);
  if (!words || words.length < 2 || words.join("") !== type) return null;
  const action = words[words.length - 1]!.toLowerCase();
  const record = words.slice(0, -1).map((word) => word.toLowerCase()).join("_");
  return `${record}.${action}`;
}
