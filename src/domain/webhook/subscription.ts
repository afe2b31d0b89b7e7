import type { FieldIssue } from "../shared/failure.js";
import { eventPatternIssues } from "./event-filter.js";
import { targetUrlIssues, type TargetPolicy } from "./target.js";

/** A URL of a workspace that receives the events it asked for, signed with its own secret. */
export interface WebhookSubscription {
  readonly id: string;
  readonly workspaceId: string;
  readonly url: string;
  /** Event names and patterns: `inquiry.created`, `inquiry.*`, `*`. */
  readonly events: readonly string[];
  /** Update events only when one of these fields changed; null: every update. */
  readonly fields: readonly string[] | null;
  readonly description: string | null;
  readonly active: boolean;
  /** Why it was switched off by the server (410 Gone, failing too long); null when a user did it or it is on. */
  readonly disabledReason: string | null;
  /** Signs every delivery; shown once when the subscription is created or its secret rotated. */
  readonly secret: string;
  /** The secret before the last rotation: it signs too until `previousSecretExpiresAt`, so receivers can switch over. */
  readonly previousSecret: string | null;
  readonly previousSecretExpiresAt: string | null;
  /** When the current run of failed attempts began; null after any success. */
  readonly failingSince: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface SubscriptionFields {
  readonly url?: string;
  readonly events?: readonly string[];
  readonly fields?: readonly string[] | null;
  readonly description?: string | null;
  readonly active?: boolean;
}

export function newSubscription(
  identity: { id: string; workspaceId: string; secret: string; now: Date },
  fields: SubscriptionFields & { url: string; events: readonly string[] },
): WebhookSubscription {
  const at = identity.now.toISOString();
  return changeSubscription(
    {
      id: identity.id,
      workspaceId: identity.workspaceId,
      url: fields.url,
      events: fields.events,
      fields: null,
      description: null,
      active: true,
      disabledReason: null,
      secret: identity.secret,
      previousSecret: null,
      previousSecretExpiresAt: null,
      failingSince: null,
      createdAt: at,
      updatedAt: at,
    },
    fields,
    identity.now,
  );
}

/** Fields given are changed; switching it on again forgets the failures that switched it off. */
export function changeSubscription(current: WebhookSubscription, change: SubscriptionFields, now: Date): WebhookSubscription {
  const reactivated = change.active === true && !current.active;
  return {
    ...current,
    url: change.url ?? current.url,
    events: change.events ? [...new Set(change.events)] : current.events,
    fields: change.fields === undefined ? current.fields : change.fields === null || change.fields.length === 0 ? null : [...new Set(change.fields)],
    description: change.description === undefined ? current.description : change.description,
    active: change.active ?? current.active,
    disabledReason: change.active === undefined ? current.disabledReason : null,
    failingSince: reactivated ? null : current.failingSince,
    updatedAt: now.toISOString(),
  };
}

export function subscriptionIssues(subscription: WebhookSubscription, policy: TargetPolicy): FieldIssue[] {
  return [...targetUrlIssues(subscription.url, policy), ...eventPatternIssues(subscription.events)];
}

/** Switched off by the server, with the reason a user reads in the list. */
export function disableSubscription(subscription: WebhookSubscription, reason: string, now: Date): WebhookSubscription {
  return { ...subscription, active: false, disabledReason: reason, updatedAt: now.toISOString() };
}

/**
 * After a failed attempt: the first failure of a run starts the clock. The subscription is
 * switched off once it has failed without a single success for longer than `disableAfterMs`.
 */
export function afterFailure(subscription: WebhookSubscription, now: Date, disableAfterMs: number): { subscription: WebhookSubscription; disabled: boolean } {
  const failingSince = subscription.failingSince ?? now.toISOString();
  const failing = { ...subscription, failingSince };
  if (subscription.active && now.getTime() - Date.parse(failingSince) >= disableAfterMs) {
    const hours = Math.round(disableAfterMs / 3_600_000);
    return { subscription: disableSubscription(failing, `every delivery failed for ${hours} h`, now), disabled: true };
  }
  return { subscription: failing, disabled: false };
}

export function afterSuccess(subscription: WebhookSubscription): WebhookSubscription {
  return subscription.failingSince === null ? subscription : { ...subscription, failingSince: null };
}

/** The longest overlap of two secrets a rotation may ask for: a week. */
export const MAX_ROTATION_GRACE_HOURS = 168;

/**
 * A new secret signs from now on; the one it replaces keeps signing for `graceMs` (none at 0), so
 * a receiver that still knows only the old one keeps accepting deliveries until it is updated.
 * A secret older than the replaced one is forgotten at once.
 */
export function rotateSecret(subscription: WebhookSubscription, newSecret: string, now: Date, graceMs: number): WebhookSubscription {
  const overlap = graceMs > 0;
  return {
    ...subscription,
    secret: newSecret,
    previousSecret: overlap ? subscription.secret : null,
    previousSecretExpiresAt: overlap ? new Date(now.getTime() + graceMs).toISOString() : null,
    updatedAt: now.toISOString(),
  };
}

/** The secrets a request sent at `now` is signed with: the current one first, then the previous one during its grace period. */
export function signingSecrets(subscription: WebhookSubscription, now: Date): readonly string[] {
  const { previousSecret, previousSecretExpiresAt } = subscription;
  const previousValid = previousSecret !== null && previousSecretExpiresAt !== null && Date.parse(previousSecretExpiresAt) > now.getTime();
  return previousValid ? [subscription.secret, previousSecret] : [subscription.secret];
}
