import { escapeHtml } from "../shared/html.js";
import { formatEuros } from "../shared/money.js";
import type { Locale } from "../workspace/workspace.js";
import type { InquiryFacts, NotificationSubject } from "./notification.js";

export interface RenderedNotification {
  /** One line: the in-app headline and the mail subject. */
  readonly title: string;
  /** Plain-text lines under the headline, in the app and in the mail. */
  readonly body: string;
  /** API path of the record. */
  readonly link: string;
  readonly mail: { readonly subject: string; readonly text: string; readonly html: string };
}

interface Texts {
  readonly newInquiry: (title: string, contact: string) => string;
  readonly assigned: (title: string, contact: string) => string;
  readonly unknownContact: string;
  readonly value: string;
  readonly source: string;
  readonly score: string;
  readonly noValue: string;
  readonly newOrder: string;
  readonly orderOf: (amount: string) => string;
  readonly orderWithoutTotal: string;
  readonly newTicket: (subject: string) => string;
  readonly fallbackTicketSubject: string;
  readonly from: string;
  readonly subject: string;
  readonly open: string;
  readonly greeting: (name: string) => string;
  readonly footer: string;
  readonly imported: (count: number, type: "inquiries" | "customers", failed: number) => string;
  readonly importWarnings: (count: number) => string;
}

const TEXTS: Readonly<Record<Locale, Texts>> = {
  de: {
    newInquiry: (title, contact) => `Neue Anfrage: ${title} von ${contact}`,
    assigned: (title, contact) => `Ihnen zugewiesen: ${title} von ${contact}`,
    unknownContact: "unbekannt",
    value: "Wert",
    source: "Quelle",
    score: "Lead-Score",
    noValue: "keine Angabe",
    newOrder: "Neue Bestellung!",
    orderOf: (amount) => `Eine Web-Bestellung über ${amount} ist eingegangen.`,
    orderWithoutTotal: "Eine Web-Bestellung ist eingegangen.",
    newTicket: (subject) => `Neues Ticket: ${subject}`,
    fallbackTicketSubject: "Anfrage Webseite",
    from: "Von",
    subject: "Betreff",
    open: "Öffnen",
    greeting: (name) => `Hallo ${name},`,
    footer: "Diese Nachricht hat Leadport automatisch gesendet.",
    imported: (count, type, failed) =>
      `${count} ${type === "customers" ? (count === 1 ? "Kunde" : "Kunden") : count === 1 ? "Anfrage" : "Anfragen"} importiert, ${failed} fehlerhaft`,
    importWarnings: (count) => `${count} ${count === 1 ? "Zeile" : "Zeilen"} mit Hinweisen im Fehlerbericht.`,
  },
  en: {
    newInquiry: (title, contact) => `New inquiry: ${title} from ${contact}`,
    assigned: (title, contact) => `Assigned to you: ${title} from ${contact}`,
    unknownContact: "unknown",
    value: "Value",
    source: "Source",
    score: "Lead score",
    noValue: "not given",
    newOrder: "New order!",
    orderOf: (amount) => `A web order of ${amount} has been received.`,
    orderWithoutTotal: "A web order has been received.",
    newTicket: (subject) => `New ticket: ${subject}`,
    fallbackTicketSubject: "Website inquiry",
    from: "From",
    subject: "Subject",
    open: "Open",
    greeting: (name) => `Hello ${name},`,
    footer: "This message was sent automatically by Leadport.",
    imported: (count, type, failed) =>
      `${count} ${type === "customers" ? (count === 1 ? "customer" : "customers") : count === 1 ? "inquiry" : "inquiries"} imported, ${failed} failed`,
    importWarnings: (count) => `${count} ${count === 1 ? "row" : "rows"} with warnings in the error report.`,
  },
};

interface Content {
  readonly title: string;
  /** Label/value lines; a null label is a sentence of its own. */
  readonly lines: ReadonlyArray<readonly [string | null, string]>;
  readonly link: string;
}

function inquiryContent(inquiry: InquiryFacts, t: Texts, headline: (title: string, contact: string) => string, locale: Locale): Content {
  return {
    title: headline(inquiry.title, inquiry.contactName ?? t.unknownContact),
    lines: [
      [t.value, inquiry.expectedValueCents === null ? t.noValue : formatEuros(inquiry.expectedValueCents, locale)],
      [t.source, inquiry.source],
      [t.score, String(inquiry.leadScore)],
    ],
    link: `/api/v1/inquiries/${encodeURIComponent(inquiry.id)}`,
  };
}

function contentOf(subject: NotificationSubject, locale: Locale): Content {
  const t = TEXTS[locale];
  switch (subject.kind) {
    case "inquiry_created":
      return inquiryContent(subject.inquiry, t, t.newInquiry, locale);
    case "inquiry_assigned":
      return inquiryContent(subject.inquiry, t, t.assigned, locale);
    case "order_received": {
      const { order } = subject;
      const sentence = order.totalCents === null ? t.orderWithoutTotal : t.orderOf(formatEuros(order.totalCents, locale));
      const lines: Array<readonly [string | null, string]> = [[null, sentence]];
      if (order.subject) lines.push([t.subject, order.subject]);
      if (order.email) lines.push([t.from, order.email]);
      return { title: `${t.newOrder} ${sentence}`, lines, link: `/api/v1/orders/${encodeURIComponent(order.id)}` };
    }
    case "ticket_created": {
      const { ticket } = subject;
      const lines: Array<readonly [string | null, string]> = [];
      if (ticket.email) lines.push([t.from, ticket.email]);
      if (ticket.message) lines.push([null, ticket.message]);
      return { title: t.newTicket(ticket.subject || t.fallbackTicketSubject), lines, link: `/api/v1/tickets/${encodeURIComponent(ticket.id)}` };
    }
    case "import_finished": {
      const { summary } = subject;
      const title = t.imported(summary.imported, summary.recordType, summary.failed);
      const lines: Array<readonly [string | null, string]> = [[null, `${title}.`]];
      if (summary.warnings > 0) lines.push([null, t.importWarnings(summary.warnings)]);
      return { title, lines, link: summary.recordType === "customers" ? "/api/v1/customers" : "/api/v1/inquiries" };
    }
  }
}

const textLine = ([label, value]: readonly [string | null, string]) => (label === null ? value : `${label}: ${value}`);

/**
 * The in-app text and the e-mail (text and HTML part) of one notification in the workspace's
 * language. Everything that came from outside is escaped in the HTML part.
 */
export function renderNotification(subject: NotificationSubject, locale: Locale, recipientName: string, baseUrl: string): RenderedNotification {
  const t = TEXTS[locale];
  const content = contentOf(subject, locale);
  const url = `${baseUrl.replace(/\/+$/, "")}${content.link}`;
  const body = content.lines.map(textLine).join("\n");
  const text = [t.greeting(recipientName), "", content.title, "", body, "", `${t.open}: ${url}`, "", "-- ", t.footer, ""].join("\n");
  const htmlLines = content.lines
    .map(([label, value]) =>
      label === null ? `<p>${escapeHtml(value)}</p>` : `<p><strong>${escapeHtml(label)}:</strong> ${escapeHtml(value)}</p>`,
    )
    .join("\n");
  const html = [
    `<!DOCTYPE html>`,
    `<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(content.title)}</title></head><body>`,
    `<p>${escapeHtml(t.greeting(recipientName))}</p>`,
    `<h1 style="font-size:18px">${escapeHtml(content.title)}</h1>`,
    htmlLines,
    `<p><a href="${escapeHtml(url)}">${escapeHtml(t.open)}</a></p>`,
    `<p style="color:#777;font-size:12px">${escapeHtml(t.footer)}</p>`,
    `</body></html>`,
    "",
  ].join("\n");
  return { title: content.title, body, link: content.link, mail: { subject: content.title, text, html } };
}
