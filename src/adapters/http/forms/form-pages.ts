import type { FieldIssue } from "../../../domain/shared/failure.js";
import { htmlShell } from "../html-shell.js";

/*
 * The few HTML pages a visitor without JavaScript sees: the default thank-you page and a
 * readable error page. German, like the forms they answer; no scripts, no external resources.
 */

const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: "Name",
  email: "E-Mail",
  phone: "Telefon",
  street: "Straße",
  zipcode: "PLZ",
  city: "Ort",
  subject: "Betreff",
  message: "Nachricht",
  category: "Bereich",
  source: "Quelle",
  consent: "Einwilligung zur Datenverarbeitung",
};

const MESSAGES_DE: Readonly<Record<string, string>> = {
  "is required": "fehlt",
  "is not a valid e-mail address": "ist keine gültige E-Mail-Adresse",
  "must be text": "muss Text sein",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  const head = `<title>${escapeHtml(title)}</title>
<style>body{font:1.05rem/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}h1{font-size:1.5rem}</style>`;
  return htmlShell("de", title, head, body);
}

export function thankYouPage(): string {
  return page("Vielen Dank!", "<p>Ihre Anfrage ist bei uns eingegangen. Wir melden uns so bald wie möglich bei Ihnen.</p>");
}

export interface ErrorPageInput {
  readonly status: number;
  readonly issues: readonly FieldIssue[];
  readonly retryAfterSeconds?: number;
  /** The page the form was on, offered as a way back when it is a web address. */
  readonly referer?: string;
}

function issueLine(issue: FieldIssue): string {
  const label = FIELD_LABELS[issue.path] ?? issue.path;
  return `<li>${escapeHtml(label)}: ${escapeHtml(MESSAGES_DE[issue.message] ?? issue.message)}</li>`;
}

function explanation(input: ErrorPageInput): string {
  if (input.status === 400 && input.issues.length > 0) {
    return `<p>Bitte prüfen Sie diese Angaben:</p>\n<ul>${input.issues.map(issueLine).join("")}</ul>`;
  }
  if (input.status === 429) {
    const minutes = Math.max(1, Math.ceil((input.retryAfterSeconds ?? 60) / 60));
    return `<p>Es wurden zu viele Anfragen gesendet. Bitte versuchen Sie es in ${minutes} Minute${minutes === 1 ? "" : "n"} erneut.</p>`;
  }
  if (input.status === 401 || input.status === 403) {
    return "<p>Dieses Formular ist nicht für den Versand freigeschaltet. Bitte kontaktieren Sie uns per E-Mail oder Telefon.</p>";
  }
  if (input.status === 413) return "<p>Die Anfrage ist zu groß. Bitte kürzen Sie Ihre Nachricht.</p>";
  return "<p>Ein technischer Fehler ist aufgetreten. Bitte versuchen Sie es später erneut oder kontaktieren Sie uns per E-Mail oder Telefon.</p>";
}

function backLink(referer: string | undefined): string {
  let url: URL | null = null;
  try {
    url = referer ? new URL(referer) : null;
  } catch {
    url = null;
  }
  const hint = "Mit der Zurück-Funktion Ihres Browsers kehren Sie zum Formular zurück; Ihre Eingaben bleiben dort erhalten.";
  if (!url || !/^https?:$/.test(url.protocol)) return `<p>${hint}</p>`;
  return `<p>${hint}</p>\n<p><a href="${escapeHtml(url.href)}">Zurück zum Formular</a></p>`;
}

export function errorPage(input: ErrorPageInput): string {
  return page("Ihre Anfrage wurde nicht gesendet", `${explanation(input)}\n${backLink(input.referer)}`);
}
