import type { FieldIssue } from "../shared/failure.js";
import { err, ok, type Result } from "../shared/result.js";
import type { Locale } from "../workspace/workspace.js";

declare module "../events.js" {
  interface DomainEventTypes {
    SurveyCreated: true;
    SurveyChanged: true;
    SurveyDeleted: true;
    SurveyDispatched: true;
    SurveyParticipantsAdded: true;
    SurveyDispatchClosed: true;
    SurveyMailRequested: true;
    SurveyAnswered: true;
    SurveyTriggerChanged: true;
    ParticipantListChanged: true;
  }
}

export const QUESTION_KINDS = ["rating", "nps", "choice", "text"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

interface QuestionBase {
  /** Stable within the survey: answers and results refer to it. */
  readonly id: string;
  readonly text: string;
  readonly required: boolean;
}

/** Rating 1–5, recommendation 0–10 (NPS), one of a list, or free text. */
export type Question =
  | (QuestionBase & { readonly kind: "rating" })
  | (QuestionBase & { readonly kind: "nps" })
  | (QuestionBase & { readonly kind: "choice"; readonly options: readonly string[] })
  | (QuestionBase & { readonly kind: "text" });

export const RATING_RANGE = { min: 1, max: 5 } as const;
export const NPS_RANGE = { min: 0, max: 10 } as const;

/** The same person does not get the same survey (or, across surveys, any survey) again within `days`. */
export interface QuarantineRule {
  readonly days: number;
  readonly acrossSurveys: boolean;
}

/** Personal dispatches only: a reminder `afterDays` after the invitation (and after each reminder), at most `maxReminders`. */
export interface ReminderPlan {
  readonly afterDays: number;
  readonly maxReminders: number;
}

export const DEFAULT_QUARANTINE: QuarantineRule = { days: 30, acrossSurveys: false };
export const DEFAULT_REMINDERS: ReminderPlan = { afterDays: 7, maxReminders: 2 };
export const DEFAULT_CLOSE_AFTER_DAYS = 30;

/** The ranges a survey's rules must keep; out of range is a 400 naming the field. */
export const SURVEY_LIMITS = {
  quarantineDays: { min: 0, max: 730 },
  reminderAfterDays: { min: 1, max: 90 },
  maxReminders: { min: 0, max: 5 },
  closeAfterDays: { min: 1, max: 365 },
  questions: { min: 1, max: 50 },
  choiceOptions: { min: 2, max: 20 },
} as const;

export interface Survey {
  readonly id: string;
  readonly workspaceId: string;
  readonly title: string;
  readonly language: Locale;
  readonly questions: readonly Question[];
  readonly quarantine: QuarantineRule;
  readonly reminders: ReminderPlan;
  /** How long a dispatch takes answers; its links answer 410 afterwards. */
  readonly closeAfterDays: number;
  /** The invitation's text; `{{name}}` and any background variable (`{{agent}}`) are filled in per participant. */
  readonly invitationText: string | null;
  /** Staff e-mail addresses told of every answer (the workshop's trainer, the agent). */
  readonly notifyEmails: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface SurveyFields {
  readonly title: string;
  readonly language: Locale;
  readonly questions?: readonly Question[];
  readonly quarantine?: Partial<QuarantineRule>;
  readonly reminders?: Partial<ReminderPlan>;
  readonly closeAfterDays?: number;
  readonly invitationText?: string | null;
  readonly notifyEmails?: readonly string[];
}

const DEFAULT_QUESTIONS: Readonly<Record<Locale, readonly Question[]>> = {
  de: [
    { id: "zufriedenheit", kind: "rating", text: "Wie zufrieden waren Sie insgesamt?", required: true },
    { id: "empfehlung", kind: "nps", text: "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?", required: false },
    { id: "kommentar", kind: "text", text: "Möchten Sie uns noch etwas mitteilen?", required: false },
  ],
  en: [
    { id: "satisfaction", kind: "rating", text: "How satisfied were you overall?", required: true },
    { id: "recommendation", kind: "nps", text: "How likely are you to recommend us?", required: false },
    { id: "comment", kind: "text", text: "Is there anything else you would like to tell us?", required: false },
  ],
};

/** One 1–5 satisfaction rating, one 0–10 recommendation and a comment, in the survey's language. */
export function defaultQuestions(language: Locale): readonly Question[] {
  return DEFAULT_QUESTIONS[language];
}

/** A partial rule without its unset fields, so merging it keeps the defaults of what was left out. */
function given<T extends object>(partial: Partial<T> | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(partial ?? {}).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function inRange(value: number, range: { min: number; max: number }): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max;
}

const rangeMessage = (range: { min: number; max: number }) => `must be a whole number from ${range.min} to ${range.max}`;

/** Every rule a survey breaks, by field; empty when it is valid. */
export function surveyIssues(survey: Survey): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (survey.title.trim() === "") issues.push({ path: "title", message: "must not be empty" });
  if (!inRange(survey.quarantine.days, SURVEY_LIMITS.quarantineDays)) issues.push({ path: "quarantine.days", message: rangeMessage(SURVEY_LIMITS.quarantineDays) });
  if (!inRange(survey.reminders.afterDays, SURVEY_LIMITS.reminderAfterDays)) issues.push({ path: "reminders.afterDays", message: rangeMessage(SURVEY_LIMITS.reminderAfterDays) });
  if (!inRange(survey.reminders.maxReminders, SURVEY_LIMITS.maxReminders)) issues.push({ path: "reminders.maxReminders", message: rangeMessage(SURVEY_LIMITS.maxReminders) });
  if (!inRange(survey.closeAfterDays, SURVEY_LIMITS.closeAfterDays)) issues.push({ path: "closeAfterDays", message: rangeMessage(SURVEY_LIMITS.closeAfterDays) });
  if (survey.questions.length < SURVEY_LIMITS.questions.min || survey.questions.length > SURVEY_LIMITS.questions.max) {
    issues.push({ path: "questions", message: `must hold ${SURVEY_LIMITS.questions.min} to ${SURVEY_LIMITS.questions.max} questions` });
  }
  const seen = new Set<string>();
  survey.questions.forEach((question, index) => {
    if (!/^[a-z0-9][a-z0-9_-]{0,39}$/i.test(question.id)) issues.push({ path: `questions.${index}.id`, message: "must be 1-40 letters, digits, _ or -" });
    else if (seen.has(question.id)) issues.push({ path: `questions.${index}.id`, message: "is used by another question" });
    seen.add(question.id);
    if (question.text.trim() === "") issues.push({ path: `questions.${index}.text`, message: "must not be empty" });
    if (question.kind === "choice") {
      const { min, max } = SURVEY_LIMITS.choiceOptions;
      if (question.options.length < min || question.options.length > max) issues.push({ path: `questions.${index}.options`, message: `must hold ${min} to ${max} options` });
      else if (new Set(question.options).size !== question.options.length) issues.push({ path: `questions.${index}.options`, message: "must not repeat an option" });
    }
  });
  return issues;
}

/** A new survey with defaults for what was left out, or every rule it breaks, by field. */
export function newSurvey(identity: { id: string; workspaceId: string; now: Date }, fields: SurveyFields): Result<Survey, FieldIssue[]> {
  const at = identity.now.toISOString();
  return checked({
    id: identity.id,
    workspaceId: identity.workspaceId,
    title: fields.title.trim(),
    language: fields.language,
    questions: fields.questions && fields.questions.length > 0 ? fields.questions : defaultQuestions(fields.language),
    quarantine: { ...DEFAULT_QUARANTINE, ...given(fields.quarantine) },
    reminders: { ...DEFAULT_REMINDERS, ...given(fields.reminders) },
    closeAfterDays: fields.closeAfterDays ?? DEFAULT_CLOSE_AFTER_DAYS,
    invitationText: fields.invitationText ?? null,
    notifyEmails: fields.notifyEmails ?? [],
    createdAt: at,
    updatedAt: at,
  });
}

function checked(survey: Survey): Result<Survey, FieldIssue[]> {
  const issues = surveyIssues(survey);
  return issues.length > 0 ? err(issues) : ok(survey);
}

export type SurveyChanges = Partial<Omit<SurveyFields, "quarantine" | "reminders">> & {
  readonly quarantine?: Partial<QuarantineRule>;
  readonly reminders?: Partial<ReminderPlan>;
};

/** The survey with the fields sent changed (rules merge field by field), or every rule the result breaks. */
export function changeSurvey(survey: Survey, changes: SurveyChanges, now: Date): Result<Survey, FieldIssue[]> {
  return checked({
    ...survey,
    title: changes.title === undefined ? survey.title : changes.title.trim(),
    language: changes.language ?? survey.language,
    questions: changes.questions ?? survey.questions,
    quarantine: { ...survey.quarantine, ...given(changes.quarantine) },
    reminders: { ...survey.reminders, ...given(changes.reminders) },
    closeAfterDays: changes.closeAfterDays ?? survey.closeAfterDays,
    invitationText: changes.invitationText === undefined ? survey.invitationText : changes.invitationText,
    notifyEmails: changes.notifyEmails ?? survey.notifyEmails,
    updatedAt: now.toISOString(),
  });
}
