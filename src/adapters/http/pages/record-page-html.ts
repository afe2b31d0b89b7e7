import type { CatalogEntry } from "../../../domain/catalog/catalog.js";
import type { Inquiry } from "../../../domain/inquiry/inquiry.js";
import { temperatureWord } from "../../../domain/inquiry/score-reason-text.js";
import { htmlShell } from "../html-shell.js";
import { formatAddress, telHref } from "../../../domain/notifications/templates.js";
import type { WebOrder } from "../../../domain/order/order.js";
import { escapeHtml } from "../../../domain/shared/html.js";
import { formatEuros } from "../../../domain/shared/money.js";
import type { StaffMember } from "../../../domain/staff/staff.js";
import type { Ticket } from "../../../domain/ticket/ticket.js";
import type { Locale } from "../../../domain/workspace/workspace.js";
import { PAGE_TEXTS, type PageTexts, type RefusalText } from "./page-texts.js";

export const PAGE_CSS_PATH = "/app/page.css";

/** Served as a file so the pages need neither inline styles nor scripts under a strict CSP. */
export const PAGE_CSS = `body{font:1rem/1.5 system-ui,sans-serif;max-width:42rem;margin:0 auto;padding:1rem;color:#1a1a1a;background:#fafafa}
h1{font-size:1.4rem;margin:.5rem 0 1rem}h2{font-size:1.1rem;margin-top:1.5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dt{font-weight:600}dd{margin:0;white-space:pre-line;overflow-wrap:anywhere}
.notice{background:#e6f4ea;border:1px solid #8bc79b;padding:.5rem .75rem;border-radius:.4rem}
.meta{color:#666;font-size:.85rem}form{margin:.75rem 0}label{display:block;font-weight:600;margin-bottom:.25rem}
select,textarea,button{font:inherit;padding:.45rem;border-radius:.3rem;border:1px solid #999;max-width:100%}textarea{width:100%;box-sizing:border-box;min-height:5rem}
button{background:#1f5fbf;color:#fff;border-color:#1f5fbf;cursor:pointer;margin-top:.25rem}button.secondary{background:#fff;color:#1a1a1a;border-color:#999}
ul.log{padding-left:1.1rem}a{color:#1f5fbf}
@media (max-width:30rem){dl{grid-template-columns:1fr}dt{margin-top:.4rem}}
`;

export function htmlDocument(locale: Locale, title: string, body: string): string {
  const head = `<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${PAGE_CSS_PATH}">`;
  return htmlShell(locale, title, head, body);
}

export function refusalPage(locale: Locale, refusal: RefusalText, detail?: string): string {
  const more = detail ? `\n<p>${escapeHtml(detail)}</p>` : "";
  return htmlDocument(locale, refusal.title, `<p>${escapeHtml(refusal.text)}</p>${more}`);
}

/** What every record page knows about who opened it and what just happened. */
export interface PageFrame {
  readonly locale: Locale;
  readonly token: string;
  readonly member: StaffMember;
  readonly expiresAt: string;
  /** The action that was just carried out, for the confirmation. */
  readonly done: string | null;
  /** Where the action forms post to. */
  readonly action: string;
}

type Row = readonly [string, string | null, string?];

function details(rows: readonly Row[]): string {
  const shown = rows.filter((row): row is readonly [string, string, string?] => row[1] !== null && row[1].trim() !== "");
  const cell = ([, value, href]: readonly [string, string, string?]) =>
    href === undefined ? escapeHtml(value) : `<a href="${escapeHtml(href)}">${escapeHtml(value)}</a>`;
  return `<dl>\n${shown.map((row) => `<dt>${escapeHtml(row[0])}</dt><dd>${cell(row)}</dd>`).join("\n")}\n</dl>`;
}

function header(frame: PageFrame, t: PageTexts): string {
  const notice = frame.done && t.done[frame.done] ? `<p class="notice" role="status">${escapeHtml(t.done[frame.done]!)}</p>\n` : "";
  return `${notice}<p class="meta">${escapeHtml(t.signedInAs(frame.member.name, t.timestamp(frame.expiresAt)))}</p>`;
}

/** A POST form carrying the signed link in its body: the token is also the form's CSRF token. */
function actionForm(frame: PageFrame, action: string, inner: string, button: string, buttonClass = ""): string {
  const cls = buttonClass ? ` class="${buttonClass}"` : "";
  return `<form method="post" action="${escapeHtml(frame.action)}">
<input type="hidden" name="t" value="${escapeHtml(frame.token)}">
<input type="hidden" name="action" value="${escapeHtml(action)}">
${inner}<button type="submit"${cls}>${escapeHtml(button)}</button>
</form>`;
}

function options(values: ReadonlyArray<readonly [string, string]>, selected: string): string {
  return values
    .map(([value, label]) => `<option value="${escapeHtml(value)}"${value === selected ? " selected" : ""}>${escapeHtml(label)}</option>`)
    .join("");
}

export function inquiryPage(frame: PageFrame, inquiry: Inquiry, statuses: readonly CatalogEntry[], staff: readonly StaffMember[]): string {
  const t = PAGE_TEXTS[frame.locale];
  const address = formatAddress(inquiry.address);
  const site = formatAddress(inquiry.projectAddress);
  const reasons = inquiry.leadScoreReasons
    .filter((reason) => reason.points > 0)
    .map((reason) => `<li>${escapeHtml(reason.text)} (+${escapeHtml(t.points(reason.points))})</li>`)
    .join("");
  const rows: Row[] = [
    [t.customer, inquiry.contact.name],
    [t.phone, inquiry.contact.phone, inquiry.contact.phone ? telHref(inquiry.contact.phone) : undefined],
    [t.email, inquiry.contact.email, inquiry.contact.email ? `mailto:${inquiry.contact.email}` : undefined],
    [t.address, address],
    [t.projectAddress, site === address ? null : site],
    [t.message, inquiry.notes],
    [t.urgency, t.urgencies[inquiry.urgency] ?? inquiry.urgency],
    [t.desiredStart, inquiry.desiredStartDate ? t.date(inquiry.desiredStartDate) : null],
    [t.followUp, inquiry.followUpDate ? t.date(inquiry.followUpDate) : null],
    [t.value, inquiry.expectedValueCents === null ? null : formatEuros(inquiry.expectedValueCents, frame.locale)],
    [t.source, inquiry.source],
    [t.status, inquiry.status],
    [t.assignee, inquiry.assignee ?? t.nobody],
    [t.score, t.scoreOf(inquiry.leadScore, temperatureWord(inquiry.leadScore, frame.locale))],
  ];
  const log = inquiry.logbook.length
    ? `<ul class="log">${[...inquiry.logbook]
        .reverse()
        .map((entry) => `<li><span class="meta">${escapeHtml(t.timestamp(entry.at))} · ${escapeHtml(entry.author ?? t.system)}</span><br>${escapeHtml(entry.text)}</li>`)
        .join("")}</ul>`
    : `<p class="meta">${escapeHtml(t.noEntries)}</p>`;
  const statusSelect = `<label for="status">${escapeHtml(t.changeStatus)}</label>
<select id="status" name="value">${options(statuses.map((s) => [s.name, s.name]), inquiry.status)}</select>\n`;
  const staffOptions: Array<readonly [string, string]> = [["", t.nobody], ...staff.map((m): readonly [string, string] => [m.email, `${m.name} <${m.email}>`])];
  const assigneeSelect = `<label for="assignee">${escapeHtml(t.changeAssignee)}</label>
<select id="assignee" name="value">${options(staffOptions, inquiry.assignee ?? "")}</select>\n`;
  const comment = `<label for="comment">${escapeHtml(t.addComment)}</label>
<textarea id="comment" name="comment" required maxlength="10000"></textarea>\n`;
  return htmlDocument(
    frame.locale,
    `${t.inquiry}: ${inquiry.title}`,
    [
      header(frame, t),
      details(rows),
      reasons ? `<ul>${reasons}</ul>` : "",
      actionForm(frame, "status", statusSelect, t.save),
      actionForm(frame, "assignee", assigneeSelect, t.save),
      actionForm(frame, "comment", comment, t.save),
      `<h2>${escapeHtml(t.logbook)}</h2>`,
      log,
    ].join("\n"),
  );
}

export function orderPage(frame: PageFrame, order: WebOrder): string {
  const t = PAGE_TEXTS[frame.locale];
  const rows: Row[] = [
    [t.subject, order.subject],
    [t.email, order.email, `mailto:${order.email}`],
    [t.message, order.message],
    [t.total, formatEuros(order.totalCents, frame.locale)],
    [t.status, t.orderStatuses[order.status] ?? order.status],
  ];
  const actions = order.status === "new" ? [actionForm(frame, "accept", "", t.accept), actionForm(frame, "reject", "", t.reject, "secondary")] : [];
  return htmlDocument(frame.locale, `${t.order}: ${order.subject ?? order.email}`, [header(frame, t), details(rows), ...actions].join("\n"));
}

export function ticketPage(frame: PageFrame, ticket: Ticket): string {
  const t = PAGE_TEXTS[frame.locale];
  const rows: Row[] = [
    [t.customer, ticket.name],
    [t.phone, ticket.phone, ticket.phone ? telHref(ticket.phone) : undefined],
    [t.email, ticket.email, `mailto:${ticket.email}`],
    [t.message, ticket.message],
    [t.status, t.ticketStatuses[ticket.status] ?? ticket.status],
  ];
  const actions = ticket.status === "open" ? [actionForm(frame, "close", "", t.close)] : [];
  return htmlDocument(frame.locale, `${t.ticket}: ${ticket.subject}`, [header(frame, t), details(rows), ...actions].join("\n"));
}
