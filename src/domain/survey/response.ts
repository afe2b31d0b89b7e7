import type { FieldIssue } from "../shared/failure.js";
import { err, ok, type Result } from "../shared/result.js";
import { NPS_RANGE, RATING_RANGE, type Question, type Survey } from "./survey.js";

export interface Answer {
  readonly questionId: string;
  /** A number for rating and NPS questions, the chosen option or the text otherwise. */
  readonly value: number | string;
}

/** One participant's answers to one invitation; a second submit replaces them while the dispatch is open. */
export interface SurveyResponse {
  readonly id: string;
  readonly workspaceId: string;
  readonly surveyId: string;
  readonly dispatchId: string;
  readonly invitationId: string;
  readonly customerId: string | null;
  readonly answers: readonly Answer[];
  /** The participant's background variables when they answered, for filtering results. */
  readonly variables: Readonly<Record<string, string>>;
  readonly submittedAt: string;
  readonly updatedAt: string;
}

export const MAX_TEXT_ANSWER = 5000;

/** Messages next to a field in the form, in the survey's language. */
export const ANSWER_MESSAGES = {
  de: { required: "Bitte beantworten Sie diese Frage.", range: (min: number, max: number) => `Bitte wählen Sie einen Wert von ${min} bis ${max}.`, option: "Bitte wählen Sie eine der Antworten.", tooLong: `Bitte höchstens ${MAX_TEXT_ANSWER} Zeichen.` },
  en: { required: "Please answer this question.", range: (min: number, max: number) => `Please choose a value from ${min} to ${max}.`, option: "Please choose one of the answers.", tooLong: `Please use at most ${MAX_TEXT_ANSWER} characters.` },
} as const;

function scaleOf(question: Question): { min: number; max: number } | null {
  if (question.kind === "rating") return RATING_RANGE;
  if (question.kind === "nps") return NPS_RANGE;
  return null;
}

/**
 * Reads submitted values (as a form sends them: text per question id) into answers. Every problem
 * is reported by question id in the survey's language, so the form can show it beside the field.
 * Empty optional questions are left out.
 */
export function readAnswers(survey: Survey, submitted: Readonly<Record<string, string | undefined>>): Result<Answer[], FieldIssue[]> {
  const messages = ANSWER_MESSAGES[survey.language];
  const answers: Answer[] = [];
  const issues: FieldIssue[] = [];
  for (const question of survey.questions) {
    const raw = (submitted[question.id] ?? "").trim();
    if (raw === "") {
      if (question.required) issues.push({ path: question.id, message: messages.required });
      continue;
    }
    const scale = scaleOf(question);
    if (scale) {
      const value = Number(raw);
      if (!/^\d{1,2}$/.test(raw) || value < scale.min || value > scale.max) issues.push({ path: question.id, message: messages.range(scale.min, scale.max) });
      else answers.push({ questionId: question.id, value });
    } else if (question.kind === "choice") {
      if (!question.options.includes(raw)) issues.push({ path: question.id, message: messages.option });
      else answers.push({ questionId: question.id, value: raw });
    } else if (raw.length > MAX_TEXT_ANSWER) issues.push({ path: question.id, message: messages.tooLong });
    else answers.push({ questionId: question.id, value: raw });
  }
  return issues.length > 0 ? err(issues) : ok(answers);
}

const numberAnswer = (response: SurveyResponse, questionId: string): number | null => {
  const value = response.answers.find((answer) => answer.questionId === questionId)?.value;
  return typeof value === "number" ? value : null;
};

/** A low score: a rating of 2 or less, or a recommendation of 6 or less (an NPS detractor). */
export function isChurnRisk(survey: Survey, response: SurveyResponse): boolean {
  return survey.questions.some((question) => {
    const value = numberAnswer(response, question.id);
    if (value === null) return false;
    return (question.kind === "rating" && value <= 2) || (question.kind === "nps" && value <= 6);
  });
}

export interface NpsSummary {
  /** % promoters (9–10) minus % detractors (0–6), from −100 to 100. */
  readonly score: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
}

export interface QuestionResult {
  readonly questionId: string;
  readonly kind: Question["kind"];
  readonly text: string;
  readonly answered: number;
  /** Rating and NPS questions; null without answers. */
  readonly average: number | null;
  /** Count per value or option (scales list every value, also those nobody chose). */
  readonly distribution: Readonly<Record<string, number>>;
  readonly nps: NpsSummary | null;
}

export interface SurveyResults {
  readonly sent: number;
  readonly answered: number;
  /** answered / sent, 0 when nothing was sent; three decimals. */
  readonly responseRate: number;
  readonly questions: readonly QuestionResult[];
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export function npsOf(values: readonly number[]): NpsSummary | null {
  if (values.length === 0) return null;
  const promoters = values.filter((value) => value >= 9).length;
  const detractors = values.filter((value) => value <= 6).length;
  return {
    score: Math.round(((promoters - detractors) / values.length) * 100),
    promoters,
    passives: values.length - promoters - detractors,
    detractors,
  };
}

function questionResult(question: Question, responses: readonly SurveyResponse[]): QuestionResult {
  const values = responses.flatMap((response) => {
    const answer = response.answers.find((a) => a.questionId === question.id);
    return answer ? [answer.value] : [];
  });
  const scale = scaleOf(question);
  const distribution: Record<string, number> = {};
  if (scale) for (let value = scale.min; value <= scale.max; value++) distribution[String(value)] = 0;
  if (question.kind === "choice") for (const option of question.options) distribution[option] = 0;
  if (question.kind !== "text") for (const value of values) distribution[String(value)] = (distribution[String(value)] ?? 0) + 1;
  const numbers = values.filter((value): value is number => typeof value === "number");
  return {
    questionId: question.id,
    kind: question.kind,
    text: question.text,
    answered: values.length,
    average: scale && numbers.length > 0 ? round(numbers.reduce((sum, value) => sum + value, 0) / numbers.length, 2) : null,
    distribution,
    nps: question.kind === "nps" ? npsOf(numbers) : null,
  };
}

/** Sent, answered, response rate and per question the average, distribution and NPS. */
export function summarizeResults(survey: Survey, sent: number, responses: readonly SurveyResponse[]): SurveyResults {
  return {
    sent,
    answered: responses.length,
    responseRate: sent === 0 ? 0 : round(Math.min(1, responses.length / sent), 3),
    questions: survey.questions.map((question) => questionResult(question, responses)),
  };
}

export const SATISFACTION_LEVELS = ["very_unsatisfied", "unsatisfied", "neutral", "satisfied", "very_satisfied"] as const;
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];

/** The first rating's answer as a word a CRM can show ("very unsatisfied in the last survey"), or null without one. */
export function satisfactionLevel(survey: Survey, response: SurveyResponse): SatisfactionLevel | null {
  const rating = survey.questions.find((question) => question.kind === "rating" && numberAnswer(response, question.id) !== null);
  if (!rating) return null;
  return SATISFACTION_LEVELS[numberAnswer(response, rating.id)! - 1] ?? null;
}

/** The first recommendation answer (0–10), or null. */
export function recommendationOf(survey: Survey, response: SurveyResponse): number | null {
  for (const question of survey.questions) if (question.kind === "nps" && numberAnswer(response, question.id) !== null) return numberAnswer(response, question.id);
  return null;
}

/** The first rating answer (1–5), or null. */
export function ratingOf(survey: Survey, response: SurveyResponse): number | null {
  for (const question of survey.questions) if (question.kind === "rating" && numberAnswer(response, question.id) !== null) return numberAnswer(response, question.id);
  return null;
}
