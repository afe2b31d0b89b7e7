import { escapeHtml } from "../shared/html.js";
import type { Locale } from "../workspace/workspace.js";
import { personalize, type Participant } from "./invitation.js";
import type { Survey } from "./survey.js";

export interface RenderedSurveyMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const TEXTS = {
  de: {
    greeting: (name: string) => (name ? `Hallo ${name},` : "Guten Tag,"),
    invitation: "wir würden gern wissen, wie zufrieden Sie mit uns waren. Die Umfrage dauert nur eine Minute:",
    reminder: "vor einigen Tagen haben wir Sie um Ihre Meinung gebeten. Wir würden uns sehr über Ihre Antwort freuen:",
    link: "Zur Umfrage",
    closing: "Vielen Dank!",
    remindSubject: (title: string) => `Erinnerung: ${title}`,
  },
  en: {
    greeting: (name: string) => (name ? `Hello ${name},` : "Hello,"),
    invitation: "we would like to know how satisfied you were with us. The survey takes only a minute:",
    reminder: "a few days ago we asked for your opinion. We would be glad to hear from you:",
    link: "Open the survey",
    closing: "Thank you!",
    remindSubject: (title: string) => `Reminder: ${title}`,
  },
} as const satisfies Record<Locale, unknown>;

/** The invitation or a reminder, personalised with the participant's name and background variables. */
export function renderSurveyMail(survey: Survey, participant: Participant, link: string, kind: "invitation" | "reminder"): RenderedSurveyMail {
  const texts = TEXTS[survey.language];
  const intro = kind === "invitation" && survey.invitationText ? personalize(survey.invitationText, participant) : texts[kind];
  const greeting = texts.greeting(participant.name);
  const subject = kind === "invitation" ? survey.title : texts.remindSubject(survey.title);
  const text = `${greeting}\n\n${intro}\n\n${texts.link}: ${link}\n\n${texts.closing}\n`;
  const html =
    `<p>${escapeHtml(greeting)}</p>\n<p>${escapeHtml(intro).replace(/\n/g, "<br>")}</p>\n` +
    `<p><a href="${escapeHtml(link)}">${escapeHtml(texts.link)}</a></p>\n<p>${escapeHtml(texts.closing)}</p>\n`;
  return { subject, text, html };
}

const FEEDBACK = {
  de: {
    subject: (title: string, name: string) => `Neue Rückmeldung zu „${title}“ von ${name}`,
    churnSubject: (name: string) => `Abwanderungsrisiko: ${name} ist unzufrieden`,
    intro: (name: string, title: string) => `${name} hat die Umfrage „${title}“ beantwortet.`,
    churn: "Die Bewertung ist niedrig: ein guter Zeitpunkt, sich bei der Kundin oder dem Kunden zu melden.",
  },
  en: {
    subject: (title: string, name: string) => `New feedback on "${title}" from ${name}`,
    churnSubject: (name: string) => `Churn risk: ${name} is unsatisfied`,
    intro: (name: string, title: string) => `${name} answered the survey "${title}".`,
    churn: "The score is low: a good moment to get in touch with the customer.",
  },
} as const satisfies Record<Locale, unknown>;

/** A mail to staff about an answer: the answers as lines, and for a low score the churn-risk wording. */
export function renderFeedbackMail(survey: Survey, participantName: string, answerLines: readonly string[], churnRisk: boolean): RenderedSurveyMail {
  const { subject, paragraphs } = feedbackTexts(survey, participantName, churnRisk);
  const text = `${paragraphs.join("\n\n")}\n\n${answerLines.join("\n")}\n`;
  const html = `${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}\n<ul>${answerLines.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>\n`;
  return { subject, text, html };
}

function feedbackTexts(survey: Survey, participantName: string, churnRisk: boolean): { subject: string; paragraphs: string[] } {
  const texts = FEEDBACK[survey.language];
  const name = participantName || "—";
  const subject = churnRisk ? texts.churnSubject(name) : texts.subject(survey.title, name);
  return { subject, paragraphs: [texts.intro(name, survey.title), ...(churnRisk ? [texts.churn] : [])] };
}

/** The same news for staff in the app: the mail's subject as the headline, its sentences and the answers below. */
export function renderFeedbackNotice(
  survey: Survey,
  participantName: string,
  answerLines: readonly string[],
  churnRisk: boolean,
): { readonly title: string; readonly summary: string } {
  const { subject, paragraphs } = feedbackTexts(survey, participantName, churnRisk);
  return { title: subject, summary: [...paragraphs, ...answerLines].join("\n") };
}
