import type { Address } from "../customer/address.js";
import { temperatureWord } from "../inquiry/score-reason-text.js";
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
  readonly newInquiry: (title: string, contact: string | null) => string;
  readonly assigned: (title: string, contact: string | null) => string;
  readonly customer: string;
  readonly phone: string;
  readonly email: string;
  readonly address: string;
  readonly projectAddress: string;
  readonly message: string;
  readonly urgency: string;
  readonly urgencies: Readonly<Record<string, string>>;
  readonly desiredStart: string;
  readonly followUp: string;
  readonly value: string;
  readonly source: string;
  readonly score: string;
  readonly scoreOf: (score: number, word: string) => string;
  readonly reasons: string;
  readonly points: (points: number) => string;
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
  readonly date: (date: string) => string;
}

const germanDate = (date: string) => date.replace(/^(\d{4})-(\d{2})-(\d{2})$/, "$3.$2.$1");

const TEXTS: Readonly<Record<Locale, Texts>> = {
  de: {
    newInquiry: (title, contact) => (contact ? `Neue Anfrage: ${title} von ${contact}` : `Neue Anfrage: ${title}`),
    assigned: (title, contact) => (contact ? `Ihnen zugewiesen: ${title} von ${contact}` : `Ihnen zugewiesen: ${title}`),
    customer: "Kunde",
    phone: "Telefon",
    email: "E-Mail",
    address: "Adresse",
    projectAddress: "Einsatzort",
    message: "Nachricht",
    urgency: "Dringlichkeit",
    urgencies: { low: "niedrig", normal: "normal", high: "hoch", urgent: "dringend" },
    desiredStart: "Wunschtermin",
    followUp: "Wiedervorlage",
    value: "Wert",
    source: "Quelle",
    score: "Lead-Score",
    scoreOf: (score, word) => `${score} von 100 (${word})`,
    reasons: "Warum",
    points: (points) => `${points} ${points === 1 ? "Punkt" : "Punkte"}`,
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
    date: germanDate,
  },
  en: {
    newInquiry: (title, contact) => (contact ? `New inquiry: ${title} from ${contact}` : `New inquiry: ${title}`),
    assigned: (title, contact) => (contact ? `Assigned to you: ${title} from ${contact}` : `Assigned to you: ${title}`),
    customer: "Customer",
    phone: "Phone",
    email: "E-mail",
    address: "Address",
    projectAddress: "Job site",
    message: "Message",
    urgency: "Urgency",
    urgencies: { low: "low", normal: "normal", high: "high", urgent: "urgent" },
    desiredStart: "Desired start",
    followUp: "Follow-up",
    value: "Value",
    source: "Source",
    score: "Lead score",
    scoreOf: (score, word) => `${score} of 100 (${word})`,
    reasons: "Why",
    points: (points) => `${points} ${points === 1 ? "point" : "points"}`,
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
    date: (date) => date,
  },
};

/** One line of a notification; a null label is a sentence of its own, an href makes the value a link. */
interface Line {
  readonly label: string | null;
  readonly value: string;
  readonly href?: string;
}

interface Content {
  readonly title: string;
  readonly lines: readonly Line[];
  readonly link: string;
}

/** "Musterweg 1, 12345 Musterstadt", or null when nothing of it is known. */
export function formatAddress(address: Address | null): string | null {
  if (!address) return null;
  const place = [address.zipcode, address.city].filter(Boolean).join(" ");
  const text = [address.street, place, address.countryCode && address.countryCode !== "DE" ? address.countryCode : null].filter(Boolean).join(", ");
  return text === "" ? null : text;
}

/** A number a phone can dial: digits and a leading plus only. */
export function telHref(phone: string): string {
  return `tel:${phone.trim().startsWith("+") ? "+" : ""}${phone.replace(/\D/g, "")}`;
}

/**
 * Whether the title already names the contact ("Anfrage von Otto Normal" — the title made for
 * inquiries without one): then the headline does not add "von Otto Normal" a second time.
 */
export function titleNamesContact(title: string, contact: string): boolean {
  return title.toLocaleLowerCase().includes(contact.trim().toLocaleLowerCase());
}

function inquiryContent(inquiry: InquiryFacts, t: Texts, headline: Texts["newInquiry"], locale: Locale): Content {
  const contact = inquiry.contactName && !titleNamesContact(inquiry.title, inquiry.contactName) ? inquiry.contactName : null;
  const lines: Line[] = [];
  const add = (label: string | null, value: string | null, href?: string) => {
    if (value !== null && value.trim() !== "") lines.push(href === undefined ? { label, value } : { label, value, href });
  };
  add(t.customer, inquiry.contactName);
  if (inquiry.contactPhone) add(t.phone, inquiry.contactPhone, telHref(inquiry.contactPhone));
  if (inquiry.contactEmail) add(t.email, inquiry.contactEmail, `mailto:${inquiry.contactEmail}`);
  const address = formatAddress(inquiry.address);
  const site = formatAddress(inquiry.projectAddress);
  add(t.address, address);
  if (site !== address) add(t.projectAddress, site);
  add(t.message, inquiry.notes);
  if (inquiry.urgency) add(t.urgency, t.urgencies[inquiry.urgency] ?? inquiry.urgency);
  if (inquiry.desiredStartDate) add(t.desiredStart, t.date(inquiry.desiredStartDate));
  if (inquiry.followUpDate) add(t.followUp, t.date(inquiry.followUpDate));
  add(t.value, inquiry.expectedValueCents === null ? t.noValue : formatEuros(inquiry.expectedValueCents, locale));
  add(t.source, inquiry.source);
  add(t.score, t.scoreOf(inquiry.leadScore, temperatureWord(inquiry.leadScore, locale)));
  if (inquiry.topReasons.length > 0) {
    add(t.reasons, inquiry.topReasons.map((reason) => `${reason.text} (+${t.points(reason.points)})`).join("; "));
  }
  return { title: headline(inquiry.title, contact), lines, link: `/api/v1/inquiries/${encodeURIComponent(inquiry.id)}` };
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
      const lines: Line[] = [{ label: null, value: sentence }];
      if (order.subject) lines.push({ label: t.subject, value: order.subject });
      if (order.email) lines.push({ label: t.from, value: order.email, href: `mailto:${order.email}` });
      if (order.message) lines.push({ label: t.message, value: order.message });
      return { title: `${t.newOrder} ${sentence}`, lines, link: `/api/v1/orders/${encodeURIComponent(order.id)}` };
    }
    case "ticket_created": {
      const { ticket } = subject;
      const lines: Line[] = [];
      if (ticket.name) lines.push({ label: t.customer, value: ticket.name });
      if (ticket.phone) lines.push({ label: t.phone, value: ticket.phone, href: telHref(ticket.phone) });
      if (ticket.email) lines.push({ label: t.from, value: ticket.email, href: `mailto:${ticket.email}` });
      if (ticket.message) lines.push({ label: null, value: ticket.message });
      return { title: t.newTicket(ticket.subject || t.fallbackTicketSubject), lines, link: `/api/v1/tickets/${encodeURIComponent(ticket.id)}` };
    }
    case "import_finished": {
      const { summary } = subject;
      const title = t.imported(summary.imported, summary.recordType, summary.failed);
      const lines: Line[] = [{ label: null, value: `${title}.` }];
      if (summary.warnings > 0) lines.push({ label: null, value: t.importWarnings(summary.warnings) });
      return { title, lines, link: summary.recordType === "customers" ? "/api/v1/customers" : "/api/v1/inquiries" };
    }
    case "notice": {
      // Composed by the feature in the workspace's language already.
      const { notice } = subject;
      return { title: notice.title, lines: notice.summary === "" ? [] : [{ label: null, value: notice.summary }], link: notice.link };
    }
  }
}

const textLine = ({ label, value }: Line) => (label === null ? value : `${label}: ${value}`);

/** Escaped, with the line breaks of a message kept. */
const htmlText = (value: string) => escapeHtml(value).replace(/\r?\n/g, "<br>");

function htmlLine({ label, value, href }: Line): string {
  const shown = href === undefined ? htmlText(value) : `<a href="${escapeHtml(href)}">${escapeHtml(value)}</a>`;
  return label === null ? `<p>${shown}</p>` : `<p><strong>${escapeHtml(label)}:</strong> ${shown}</p>`;
}

/**
 * The in-app text and the e-mail (text and HTML part) of one notification in the workspace's
 * language. Everything that came from outside is escaped in the HTML part. `openUrl` is the
 * absolute address the "Open" link leads to (the record's signed page); null where there is no
 * single record to open (an import summary).
 */
export function renderNotification(subject: NotificationSubject, locale: Locale, recipientName: string, openUrl: string | null): RenderedNotification {
  const t = TEXTS[locale];
  const content = contentOf(subject, locale);
  const body = content.lines.map(textLine).join("\n");
  const openLine = openUrl === null ? [] : [`${t.open}: ${openUrl}`, ""];
  const text = [t.greeting(recipientName), "", content.title, "", body, "", ...openLine, "-- ", t.footer, ""].join("\n");
  const html = [
    `<!DOCTYPE html>`,
    `<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(content.title)}</title></head><body>`,
    `<p>${escapeHtml(t.greeting(recipientName))}</p>`,
    `<h1 style="font-size:18px">${escapeHtml(content.title)}</h1>`,
    content.lines.map(htmlLine).join("\n"),
    openUrl === null ? "" : `<p><a href="${escapeHtml(openUrl)}">${escapeHtml(t.open)}</a></p>`,
    `<p style="color:#777;font-size:12px">${escapeHtml(t.footer)}</p>`,
    `</body></html>`,
    "",
  ].join("\n");
  return { title: content.title, body, link: content.link, mail: { subject: content.title, text, html } };
}
