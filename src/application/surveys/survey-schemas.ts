import { z } from "zod";
import { DISPATCH_MODES, type Dispatch, type Invitation, type Participant } from "../../domain/survey/invitation.js";
import { SATISFACTION_LEVELS } from "../../domain/survey/response.js";
import type { Survey } from "../../domain/survey/survey.js";
import { TRIGGER_EVENTS, MAX_TRIGGER_DELAY_MINUTES, type SurveyTrigger } from "../../domain/survey/trigger.js";
import { multiLine, singleLine } from "../shared/text-input.js";
import { TimestampSchema } from "../shared/view-schemas.js";

/*
 * The shapes the surveys feature accepts and answers, on every channel (HTTP, CLI, library).
 * Types are checked here; the rules with ranges (quarantine, reminders) are the domain's, so a
 * value out of range is refused with the same field name wherever it comes from.
 */

const Text = (max: number) => singleLine(z.string().max(max));
const Email = z.string().trim().max(254).pipe(z.email({ message: "is not a valid e-mail address" }));
const Locale = z.enum(["de", "en"]);
const Id = z.string().min(1).max(64);

const QuestionBase = { id: Text(40), text: Text(500), required: z.boolean().default(false) };
export const QuestionInput = z.discriminatedUnion("kind", [
  z.strictObject({ ...QuestionBase, kind: z.literal("rating") }),
  z.strictObject({ ...QuestionBase, kind: z.literal("nps") }),
  z.strictObject({ ...QuestionBase, kind: z.literal("choice"), options: z.array(Text(200)) }),
  z.strictObject({ ...QuestionBase, kind: z.literal("text") }),
]);

const QuarantineInput = z.strictObject({
  days: z.number().describe("The same person gets this survey again only after this many days (0: no quarantine; default 30)."),
  acrossSurveys: z.boolean().describe("Count every survey, not only this one (default false).").optional(),
});
const RemindersInput = z.strictObject({
  afterDays: z.number().describe("Days after the invitation (and after each reminder) before the next reminder (default 7).").optional(),
  maxReminders: z.number().describe("At most this many reminders (0–5, default 2); personal dispatches only.").optional(),
});

const SurveyFieldsInput = {
  title: Text(200).min(1),
  language: Locale.describe("The language of the form and the mails; default the workspace's language."),
  questions: z.array(QuestionInput).describe("Rating 1–5, NPS 0–10, single choice or free text. Without questions a survey gets a satisfaction rating, a recommendation question and a comment."),
  quarantine: QuarantineInput.partial(),
  reminders: RemindersInput,
  closeAfterDays: z.number().describe("Days a dispatch takes answers (default 30); its links answer 410 afterwards."),
  invitationText: multiLine(z.string().max(5000)).nullable().describe("The invitation's text; {{name}} and background variables such as {{agent}} are filled in."),
  notifyEmails: z.array(Email).max(20).describe("Addresses told of every answer, e.g. a workshop's trainer."),
};

export const CreateSurveyInput = z.strictObject({
  ...SurveyFieldsInput,
  language: SurveyFieldsInput.language.optional(),
  questions: SurveyFieldsInput.questions.optional(),
  quarantine: SurveyFieldsInput.quarantine.optional(),
  reminders: SurveyFieldsInput.reminders.optional(),
  closeAfterDays: SurveyFieldsInput.closeAfterDays.optional(),
  invitationText: SurveyFieldsInput.invitationText.optional(),
  notifyEmails: SurveyFieldsInput.notifyEmails.optional(),
});
export type CreateSurveyInput = z.input<typeof CreateSurveyInput>;

export const UpdateSurveyInput = z.strictObject(SurveyFieldsInput).partial();
export type UpdateSurveyInput = z.input<typeof UpdateSurveyInput>;

export const ParticipantInput = z.strictObject({
  email: Email,
  name: Text(200).optional(),
  customerId: Id.optional().describe("Files the answer under this customer; without it the customer with this e-mail, if any."),
  variables: z
    .record(z.string().regex(/^[A-Za-z][\w.-]{0,39}$/, "must be a name of letters, digits, _, . or -"), Text(500))
    .optional()
    .describe("Background variables (region, department, agent): fill {{…}} in the mail and filter results."),
});
export type ParticipantInput = z.input<typeof ParticipantInput>;

export const CreateDispatchInput = z.strictObject({
  mode: z.enum(DISPATCH_MODES).describe("shared: one send-out, participants can be added later, no reminders; personal: one per participant, with reminders."),
  participants: z.array(ParticipantInput).optional(),
  listId: Id.optional().describe("Dispatch to every member of this participant list."),
  delayMinutes: z.number().int().min(0).max(MAX_TRIGGER_DELAY_MINUTES).optional().describe("Send this many minutes from now (default 0: with the next tick)."),
});
export type CreateDispatchInput = z.input<typeof CreateDispatchInput>;

export const AddParticipantsInput = z.strictObject({
  participants: z.array(ParticipantInput).min(1),
  delayMinutes: z.number().int().min(0).max(MAX_TRIGGER_DELAY_MINUTES).optional(),
});
export type AddParticipantsInput = z.input<typeof AddParticipantsInput>;

export const CreateTriggerInput = z.strictObject({
  event: z.enum(TRIGGER_EVENTS),
  surveyId: Id,
  delayMinutes: z.number().int().min(0).max(MAX_TRIGGER_DELAY_MINUTES).default(0),
});
export type CreateTriggerInput = z.input<typeof CreateTriggerInput>;

export const ReplaceMembersInput = z.strictObject({ members: z.array(ParticipantInput) });
export type ReplaceMembersInput = z.input<typeof ReplaceMembersInput>;
export const PatchMembersInput = z.strictObject({
  add: z.array(ParticipantInput).optional().describe("Added, or updated when the address is already a member."),
  remove: z.array(Email).optional().describe("Removed by e-mail address."),
});
export type PatchMembersInput = z.input<typeof PatchMembersInput>;

export const ResultsQuery = z.strictObject({
  from: z.iso.date().optional().describe("Answers submitted on or after this day (UTC)."),
  to: z.iso.date().optional().describe("Answers submitted on or before this day (UTC)."),
  variable: z.string().regex(/^[A-Za-z][\w.-]{0,39}=.*$/, "must be name=value").optional().describe("Only participants whose background variable has this value, e.g. region=Nord."),
});
export type ResultsQuery = z.input<typeof ResultsQuery>;

// ---- Views ----

export const QuestionView = z.object({
  id: z.string(),
  kind: z.enum(["rating", "nps", "choice", "text"]),
  text: z.string(),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
});

export const SurveyView = z.object({
  id: z.string(),
  title: z.string(),
  language: Locale,
  questions: z.array(QuestionView),
  quarantine: z.object({ days: z.number(), acrossSurveys: z.boolean() }),
  reminders: z.object({ afterDays: z.number(), maxReminders: z.number() }),
  closeAfterDays: z.number(),
  invitationText: z.string().nullable(),
  notifyEmails: z.array(z.string()),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type SurveyView = z.output<typeof SurveyView>;

export function toSurveyView(survey: Survey): SurveyView {
  const { workspaceId: _internal, questions, ...view } = survey;
  return { ...view, questions: questions.map((question) =>
      question.kind === "choice" ? { ...question, options: [...question.options] } : { id: question.id, kind: question.kind, text: question.text, required: question.required },
    ), notifyEmails: [...survey.notifyEmails] };
}

const ParticipantView = z.object({ email: z.string(), name: z.string(), customerId: z.string().nullable(), variables: z.record(z.string(), z.string()) });
const participantView = (participant: Participant) => ({ ...participant, variables: { ...participant.variables } });

export const InvitedView = ParticipantView.extend({
  invitationId: z.string(),
  dispatchId: z.string(),
  status: z.enum(["scheduled", "sent", "expired"]),
  sendAt: TimestampSchema,
  sentAt: TimestampSchema.nullable(),
  remindersSent: z.number(),
  respondedAt: TimestampSchema.nullable(),
});
export const SkippedView = ParticipantView.extend({
  reason: z.literal("quarantine"),
  lastSurveyedAt: TimestampSchema.describe("When this person last got (or is scheduled to get) a survey the rule counts."),
  eligibleFrom: TimestampSchema.describe("From then on the person may be surveyed again."),
});

/** An admitted participant; quarantined ones are shown by skippedView instead. */
function invitedView(invitation: Invitation & { status: Exclude<Invitation["status"], "quarantined"> }) {
  return {
    ...participantView(invitation.participant),
    invitationId: invitation.id,
    dispatchId: invitation.dispatchId,
    status: invitation.status,
    sendAt: invitation.sendAt,
    sentAt: invitation.sentAt,
    remindersSent: invitation.remindersSent,
    respondedAt: invitation.respondedAt,
  };
}

function skippedView(invitation: Invitation) {
  return {
    ...participantView(invitation.participant),
    reason: "quarantine" as const,
    lastSurveyedAt: invitation.lastSurveyedAt ?? invitation.sendAt,
    eligibleFrom: invitation.eligibleFrom ?? invitation.sendAt,
  };
}

/** Who is in (invited, waiting or sent) and who was skipped by the quarantine, with the date they become eligible. */
export function splitInvitations(invitations: readonly Invitation[]) {
  return {
    invited: invitations
      .filter((invitation): invitation is Invitation & { status: Exclude<Invitation["status"], "quarantined"> } => invitation.status !== "quarantined")
      .map(invitedView),
    skipped: invitations.filter((invitation) => invitation.status === "quarantined").map(skippedView),
  };
}

export const DispatchView = z.object({
  id: z.string(),
  surveyId: z.string(),
  mode: z.enum(DISPATCH_MODES),
  source: z.object({ kind: z.enum(["api", "list", "trigger"]), listId: z.string().optional(), triggerId: z.string().optional(), event: z.string().optional(), recordId: z.string().optional() }),
  open: z.boolean(),
  closesAt: TimestampSchema,
  closedAt: TimestampSchema.nullable(),
  createdAt: TimestampSchema,
  invited: z.array(InvitedView),
  skipped: z.array(SkippedView),
});
export type DispatchView = z.output<typeof DispatchView>;

export function toDispatchView(dispatch: Dispatch, invitations: readonly Invitation[], now: Date): DispatchView {
  const { workspaceId: _internal, source, ...rest } = dispatch;
  const { eventId: _event, ...sourceView } = source.kind === "trigger" ? source : { ...source, eventId: undefined };
  return {
    ...rest,
    source: sourceView,
    open: dispatch.closedAt === null && now.getTime() < Date.parse(dispatch.closesAt),
    ...splitInvitations(invitations),
  };
}

export const DispatchReportView = z.object({
  dispatches: z.array(DispatchView).describe("One for a shared dispatch; one per invited participant for a personal one."),
  invited: z.array(InvitedView),
  skipped: z.array(SkippedView).describe("Participants the quarantine held back, each with the date they become eligible again."),
});
export type DispatchReportView = z.output<typeof DispatchReportView>;

export const TriggerView = z.object({ id: z.string(), event: z.enum(TRIGGER_EVENTS), surveyId: z.string(), delayMinutes: z.number(), createdAt: TimestampSchema });
export function toTriggerView(trigger: SurveyTrigger) {
  const { workspaceId: _internal, ...view } = trigger;
  return view;
}

export const MembershipView = z.object({
  id: z.string(),
  members: z.array(ParticipantView),
  added: z.number(),
  updated: z.number(),
  removed: z.number(),
  unchanged: z.number(),
});

const NpsView = z.object({ score: z.number(), promoters: z.number(), passives: z.number(), detractors: z.number() });
export const ResultsView = z.object({
  surveyId: z.string(),
  sent: z.number(),
  answered: z.number(),
  responseRate: z.number().describe("answered / sent, 0..1"),
  questions: z.array(
    z.object({
      questionId: z.string(),
      kind: z.enum(["rating", "nps", "choice", "text"]),
      text: z.string(),
      answered: z.number(),
      average: z.number().nullable(),
      distribution: z.record(z.string(), z.number()),
      nps: NpsView.nullable(),
    }),
  ),
});

const SatisfactionEntry = z.object({
  surveyId: z.string(),
  surveyTitle: z.string(),
  responseId: z.string(),
  submittedAt: TimestampSchema,
  rating: z.number().nullable().describe("The first 1–5 rating."),
  recommendation: z.number().nullable().describe("The first 0–10 recommendation."),
  level: z.enum(SATISFACTION_LEVELS).nullable(),
  churnRisk: z.boolean().describe("A rating of 2 or less, or a recommendation of 6 or less."),
  answers: z.array(z.object({ questionId: z.string(), value: z.union([z.number().describe("A rating or recommendation."), z.string().describe("The chosen option or the text.")]) })),
});
export const SatisfactionView = z.object({
  customerId: z.string(),
  latest: SatisfactionEntry.nullable(),
  history: z.array(SatisfactionEntry).describe("Newest first."),
});
export type SatisfactionView = z.output<typeof SatisfactionView>;
