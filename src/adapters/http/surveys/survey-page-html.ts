import type { SurveyForm } from "../../../application/surveys/survey-link.js";
import { escapeHtml } from "../../../domain/shared/html.js";
import { NPS_RANGE, RATING_RANGE, type Question } from "../../../domain/survey/survey.js";
import type { Locale } from "../../../domain/workspace/workspace.js";
import { htmlShell } from "../html-shell.js";

/** One small inline style: the page loads nothing else, and works without scripts. */
const STYLE = `<style>
body{font-family:system-ui,sans-serif;max-width:40rem;margin:1.5rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
fieldset{border:1px solid #ccc;border-radius:6px;margin:1.25rem 0;padding:.75rem 1rem}
legend{font-weight:600;padding:0 .25rem}
.scale{display:flex;flex-wrap:wrap;gap:.5rem}
.scale label{display:inline-flex;flex-direction:column;align-items:center;min-width:2.5rem;padding:.25rem;border:1px solid #ccc;border-radius:4px}
.choice label{display:block;margin:.25rem 0}
.ends{display:flex;justify-content:space-between;font-size:.85rem;color:#555}
textarea{width:100%;min-height:6rem;font:inherit}
.error{color:#a00000;font-weight:600}
[aria-invalid=true]{border-color:#a00000}
button{font:inherit;padding:.5rem 1.25rem;border-radius:4px;border:1px solid #1d5fbf;background:#1d5fbf;color:#fff}
</style>`;
const HEAD = `<meta name="robots" content="noindex">\n<title>%TITLE%</title>\n${STYLE}`;

export const PAGE_TEXTS = {
  de: {
    hello: (name: string) => (name ? `Hallo ${name}, vielen Dank, dass Sie sich einen Moment Zeit nehmen.` : "Vielen Dank, dass Sie sich einen Moment Zeit nehmen."),
    required: "Pflichtfrage",
    submit: "Antwort senden",
    ratingEnds: ["sehr unzufrieden", "sehr zufrieden"],
    npsEnds: ["unwahrscheinlich", "sehr wahrscheinlich"],
    errorsTitle: "Bitte prüfen Sie Ihre Angaben:",
    thanksTitle: "Vielen Dank!",
    thanks: "Ihre Antwort wurde gespeichert.",
    updated: "Ihre geänderte Antwort wurde gespeichert.",
    change: "Antwort ändern",
    closesAt: (date: string) => `Antworten sind bis ${date} möglich; bis dahin können Sie Ihre Antwort ändern.`,
    unknownTitle: "Umfrage nicht gefunden",
    unknown: "Dieser Link ist unbekannt oder unvollständig. Bitte öffnen Sie den Link aus Ihrer E-Mail noch einmal.",
    closedTitle: "Umfrage beendet",
    closed: "Diese Umfrage nimmt keine Antworten mehr an. Vielen Dank für Ihr Interesse.",
    limitedTitle: "Zu viele Anfragen",
    limited: (seconds: number) => `Bitte versuchen Sie es in ${seconds} Sekunden noch einmal.`,
    badTitle: "Antwort nicht lesbar",
    bad: "Ihre Antwort konnte nicht gelesen werden. Bitte senden Sie das Formular noch einmal.",
  },
  en: {
    hello: (name: string) => (name ? `Hello ${name}, thank you for taking a moment.` : "Thank you for taking a moment."),
    required: "required",
    submit: "Send answer",
    ratingEnds: ["very unsatisfied", "very satisfied"],
    npsEnds: ["not likely", "very likely"],
    errorsTitle: "Please check your answers:",
    thanksTitle: "Thank you!",
    thanks: "Your answer has been saved.",
    updated: "Your changed answer has been saved.",
    change: "Change my answer",
    closesAt: (date: string) => `Answers are taken until ${date}; until then you can change yours.`,
    unknownTitle: "Survey not found",
    unknown: "This link is unknown or incomplete. Please open the link from your e-mail again.",
    closedTitle: "Survey closed",
    closed: "This survey no longer takes answers. Thank you for your interest.",
    limitedTitle: "Too many requests",
    limited: (seconds: number) => `Please try again in ${seconds} seconds.`,
    badTitle: "Answer not readable",
    bad: "Your answer could not be read. Please send the form again.",
  },
} as const;

function page(language: Locale, title: string, body: string): string {
  return htmlShell(language, title, HEAD.replace("%TITLE%", escapeHtml(title)), body);
}

function scale(question: Question, range: { min: number; max: number }, ends: readonly string[], value: string, invalid: boolean, described: string): string {
  const options: string[] = [];
  for (let n = range.min; n <= range.max; n++) {
    const checked = value === String(n) ? " checked" : "";
    options.push(`<label><input type="radio" name="${escapeHtml(question.id)}" value="${n}"${checked}${question.required ? " required" : ""}>${n}</label>`);
  }
  return `<div class="scale" role="radiogroup" aria-labelledby="${escapeHtml(question.id)}-legend"${invalid ? ' aria-invalid="true"' : ""}${described}>${options.join("")}</div>\n<div class="ends" aria-hidden="true"><span>${escapeHtml(ends[0] ?? "")}</span><span>${escapeHtml(ends[1] ?? "")}</span></div>`;
}

function questionHtml(question: Question, language: Locale, value: string, error: string | undefined): string {
  const texts = PAGE_TEXTS[language];
  const errorId = `${question.id}-error`;
  const described = error ? ` aria-describedby="${escapeHtml(errorId)}"` : "";
  const legend = `${escapeHtml(question.text)}${question.required ? ` <span class="required">(${texts.required})</span>` : ""}`;
  const message = error ? `<p class="error" id="${escapeHtml(errorId)}">${escapeHtml(error)}</p>\n` : "";
  if (question.kind === "text") {
    const id = `q-${question.id}`;
    return `<div class="question">\n<p><label for="${escapeHtml(id)}"><strong>${legend}</strong></label></p>\n${message}<textarea id="${escapeHtml(id)}" name="${escapeHtml(question.id)}" maxlength="5000"${question.required ? " required" : ""}${error ? ' aria-invalid="true"' : ""}${described}>${escapeHtml(value)}</textarea>\n</div>`;
  }
  let control: string;
  if (question.kind === "rating") control = scale(question, RATING_RANGE, texts.ratingEnds, value, error !== undefined, described);
  else if (question.kind === "nps") control = scale(question, NPS_RANGE, texts.npsEnds, value, error !== undefined, described);
  else {
    control = `<div class="choice"${described}>${question.options
      .map((option) => `<label><input type="radio" name="${escapeHtml(question.id)}" value="${escapeHtml(option)}"${value === option ? " checked" : ""}${question.required ? " required" : ""}> ${escapeHtml(option)}</label>`)
      .join("")}</div>`;
  }
  return `<fieldset>\n<legend id="${escapeHtml(question.id)}-legend">${legend}</legend>\n${message}${control}\n</fieldset>`;
}

const dateIn = (language: Locale, iso: string) =>
  new Intl.DateTimeFormat(language === "de" ? "de-DE" : "en-GB", { dateStyle: "long", timeZone: "Europe/Berlin" }).format(new Date(iso));

/**
 * The answer form. `values` are what to show checked or filled in (the previous answer, or what
 * was just sent when it was refused), `errors` the messages beside the failing questions.
 */
export function surveyFormPage(form: SurveyForm, action: string, values: Readonly<Record<string, string>>, errors: Readonly<Record<string, string>>): string {
  const { language, title, questions } = form.survey;
  const texts = PAGE_TEXTS[language];
  const summary =
    Object.keys(errors).length > 0
      ? `<div role="alert"><p class="error">${escapeHtml(texts.errorsTitle)}</p><ul>${questions
          .filter((question) => errors[question.id])
          .map((question) => `<li><a href="#${escapeHtml(question.kind === "text" ? `q-${question.id}` : `${question.id}-error`)}">${escapeHtml(question.text)}</a>: ${escapeHtml(errors[question.id]!)}</li>`)
          .join("")}</ul></div>\n`
      : "";
  const body = `<p>${escapeHtml(texts.hello(form.participantName))}</p>
${summary}<form method="post" action="${escapeHtml(action)}" novalidate>
${questions.map((question) => questionHtml(question, language, values[question.id] ?? "", errors[question.id])).join("\n")}
<p><button type="submit">${escapeHtml(texts.submit)}</button></p>
</form>
<p><small>${escapeHtml(texts.closesAt(dateIn(language, form.closesAt)))}</small></p>`;
  return page(language, title, body);
}

export function thanksPage(language: Locale, updated: boolean, formUrl: string): string {
  const texts = PAGE_TEXTS[language];
  return page(language, texts.thanksTitle, `<p role="status">${escapeHtml(updated ? texts.updated : texts.thanks)}</p>\n<p><a href="${escapeHtml(formUrl)}">${escapeHtml(texts.change)}</a></p>`);
}

export type RefusalKind = "unknown" | "closed" | "limited" | "bad";

/** A refusal as a page a person can read: never a stack trace, never JSON. */
export function refusalPage(language: Locale, kind: RefusalKind, retryAfterSeconds = 0): string {
  const texts = PAGE_TEXTS[language];
  const [title, text] =
    kind === "unknown"
      ? [texts.unknownTitle, texts.unknown]
      : kind === "closed"
        ? [texts.closedTitle, texts.closed]
        : kind === "limited"
          ? [texts.limitedTitle, texts.limited(retryAfterSeconds)]
          : [texts.badTitle, texts.bad];
  return page(language, title, `<p>${escapeHtml(text)}</p>`);
}
