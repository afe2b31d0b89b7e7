import { normalizeEmail } from "../shared/text.js";
import { checkQuarantine, DAY_MS, type PriorContact } from "./quarantine.js";
import type { Survey } from "./survey.js";

/** Someone asked to answer: their address, name, customer (when known) and background variables. */
export interface Participant {
  readonly email: string;
  readonly name: string;
  readonly customerId: string | null;
  /** Key → value (region, department, agent): fill the mail's `{{…}}` and are kept with the answer for filtering. */
  readonly variables: Readonly<Record<string, string>>;
}

/** The key the same person is recognised by across dispatches and lists. */
export const participantKey = (email: string): string => normalizeEmail(email);

export const DISPATCH_MODES = ["shared", "personal"] as const;
/** Shared: one send-out participants are added to, without reminders. Personal: one per participant, with reminders. */
export type DispatchMode = (typeof DISPATCH_MODES)[number];

export type DispatchSource =
  | { readonly kind: "api" }
  | { readonly kind: "list"; readonly listId: string }
  | { readonly kind: "trigger"; readonly triggerId: string; readonly event: string; readonly recordId: string; readonly eventId: string };

export interface Dispatch {
  readonly id: string;
  readonly workspaceId: string;
  readonly surveyId: string;
  readonly mode: DispatchMode;
  readonly source: DispatchSource;
  /** No answers, invitations or reminders after this; links answer 410. */
  readonly closesAt: string;
  /** Set when closed by hand before `closesAt`. */
  readonly closedAt: string | null;
  readonly createdAt: string;
}

export function isDispatchOpen(dispatch: Dispatch, now: Date): boolean {
  return dispatch.closedAt === null && now.getTime() < Date.parse(dispatch.closesAt);
}

/**
 * scheduled: waits for its send time; sent: invited (maybe reminded); quarantined: skipped because
 * the person was surveyed too recently; expired: its dispatch closed before it went out.
 */
export type InvitationStatus = "scheduled" | "sent" | "quarantined" | "expired";

/** One participant in one dispatch, with their personal link and where their mails stand. */
export interface Invitation {
  readonly id: string;
  readonly workspaceId: string;
  readonly surveyId: string;
  readonly dispatchId: string;
  /** The secret in the personal link (/s/<token>). */
  readonly token: string;
  readonly participant: Participant;
  readonly status: InvitationStatus;
  readonly sendAt: string;
  readonly sentAt: string | null;
  readonly remindersSent: number;
  readonly nextReminderAt: string | null;
  readonly respondedAt: string | null;
  /** For a quarantined participant: when the last survey reached them and when they may get one again. */
  readonly lastSurveyedAt: string | null;
  readonly eligibleFrom: string | null;
  /** Message-IDs of every mail sent about this invitation (invitation, reminders, feedback to staff), so an erasure finds their stored copies. */
  readonly mailMessageIds: readonly string[];
  readonly createdAt: string;
}

export interface InvitationIdentity {
  readonly id: string;
  readonly token: string;
  readonly dispatch: Dispatch;
  readonly now: Date;
}

/**
 * Admits a participant to a dispatch: scheduled for `sendAt` when the quarantine allows it, else
 * recorded as quarantined with the date they become eligible, so the answer can say so.
 */
export function admitParticipant(identity: InvitationIdentity, survey: Survey, participant: Participant, prior: readonly PriorContact[], sendAt: Date): Invitation {
  const verdict = checkQuarantine(survey.id, survey.quarantine, prior, sendAt);
  return {
    id: identity.id,
    workspaceId: identity.dispatch.workspaceId,
    surveyId: survey.id,
    dispatchId: identity.dispatch.id,
    token: identity.token,
    participant,
    status: verdict.admitted ? "scheduled" : "quarantined",
    sendAt: sendAt.toISOString(),
    sentAt: null,
    remindersSent: 0,
    nextReminderAt: null,
    respondedAt: null,
    lastSurveyedAt: verdict.admitted ? null : verdict.lastSurveyedAt.toISOString(),
    eligibleFrom: verdict.admitted ? null : verdict.eligibleFrom.toISOString(),
    mailMessageIds: [],
    createdAt: identity.now.toISOString(),
  };
}

/** What an invitation's contacts count for the quarantine: its send time, sent or still to come. */
export function contactOf(invitation: Invitation): PriorContact | null {
  if (invitation.status === "sent") return { surveyId: invitation.surveyId, at: new Date(invitation.sentAt ?? invitation.sendAt) };
  if (invitation.status === "scheduled") return { surveyId: invitation.surveyId, at: new Date(invitation.sendAt) };
  return null;
}

export type MailAction =
  | { readonly kind: "invite" }
  | { readonly kind: "remind"; readonly number: number }
  | { readonly kind: "quarantine"; readonly lastSurveyedAt: Date; readonly eligibleFrom: Date }
  | { readonly kind: "expire" }
  | { readonly kind: "none" };

/**
 * What is due for an invitation at `now`. The quarantine is checked again at sending against the
 * invitations the person actually received (`sent`), because admissions with different delays can
 * otherwise end up closer together than the window. Reminders go only in personal dispatches, only
 * while open, never after an answer, and never beyond the plan.
 */
export function nextMailAction(invitation: Invitation, dispatch: Dispatch, survey: Survey, sentBefore: readonly PriorContact[], now: Date): MailAction {
  const open = isDispatchOpen(dispatch, now);
  if (invitation.status === "scheduled") {
    if (!open) return { kind: "expire" };
    if (Date.parse(invitation.sendAt) > now.getTime()) return { kind: "none" };
    const verdict = checkQuarantine(survey.id, survey.quarantine, sentBefore, now);
    return verdict.admitted ? { kind: "invite" } : { kind: "quarantine", lastSurveyedAt: verdict.lastSurveyedAt, eligibleFrom: verdict.eligibleFrom };
  }
  if (invitation.status !== "sent" || !open || invitation.respondedAt !== null || dispatch.mode !== "personal") return { kind: "none" };
  if (invitation.remindersSent >= survey.reminders.maxReminders || invitation.nextReminderAt === null) return { kind: "none" };
  return Date.parse(invitation.nextReminderAt) <= now.getTime() ? { kind: "remind", number: invitation.remindersSent + 1 } : { kind: "none" };
}

/** The invitation after `action` was carried out at `now`. */
export function applyMailAction(invitation: Invitation, dispatch: Dispatch, survey: Survey, action: MailAction, now: Date): Invitation {
  const reminderAfter = (sent: number) =>
    dispatch.mode === "personal" && sent < survey.reminders.maxReminders ? new Date(now.getTime() + survey.reminders.afterDays * DAY_MS).toISOString() : null;
  switch (action.kind) {
    case "invite":
      return { ...invitation, status: "sent", sentAt: now.toISOString(), nextReminderAt: reminderAfter(0) };
    case "remind":
      return { ...invitation, remindersSent: action.number, nextReminderAt: reminderAfter(action.number) };
    case "quarantine":
      return { ...invitation, status: "quarantined", lastSurveyedAt: action.lastSurveyedAt.toISOString(), eligibleFrom: action.eligibleFrom.toISOString() };
    case "expire":
      return { ...invitation, status: "expired", nextReminderAt: null };
    case "none":
      return invitation;
  }
}

/** Notes a mail sent about the invitation. */
export function withMailSent(invitation: Invitation, messageId: string): Invitation {
  return invitation.mailMessageIds.includes(messageId) ? invitation : { ...invitation, mailMessageIds: [...invitation.mailMessageIds, messageId] };
}

/** An answer arrived: no reminders from now on. */
export function markResponded(invitation: Invitation, now: Date): Invitation {
  return { ...invitation, respondedAt: invitation.respondedAt ?? now.toISOString(), nextReminderAt: null };
}

/** `{{name}}`, `{{email}}` and the participant's background variables; an unknown placeholder becomes empty. */
export function personalize(template: string, participant: Participant): string {
  const values: Record<string, string> = { ...participant.variables, name: participant.name, email: participant.email };
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_all, key: string) => (Object.hasOwn(values, key) ? values[key]! : ""));
}
