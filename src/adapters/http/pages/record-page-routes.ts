import Router from "@koa/router";
import type { Context } from "koa";
import type { ListCatalog } from "../../../application/catalog/list-catalog.js";
import type { GetInquiry } from "../../../application/inquiries/get-inquiry.js";
import type { UpdateInquiry } from "../../../application/inquiries/update-inquiry.js";
import type { OpenRecordLink, RecordLinkGrant } from "../../../application/notifications/record-links.js";
import type { AcceptOrder } from "../../../application/orders/accept-order.js";
import type { GetOrder } from "../../../application/orders/get-order.js";
import type { RejectOrder } from "../../../application/orders/reject-order.js";
import type { ListStaff } from "../../../application/staff/list-staff.js";
import type { CloseTicket } from "../../../application/tickets/close-ticket.js";
import type { GetTicket } from "../../../application/tickets/get-ticket.js";
import type { RecordKind } from "../../../domain/notifications/record-link.js";
import type { Failure } from "../../../domain/shared/failure.js";
import type { Result } from "../../../domain/shared/result.js";
import type { Locale } from "../../../domain/workspace/workspace.js";
import type { LeadportState } from "../context.js";
import { readFormBody } from "../forms/form-body.js";
import { REFUSALS } from "./page-texts.js";
import { inquiryPage, orderPage, PAGE_CSS, PAGE_CSS_PATH, refusalPage, ticketPage, type PageFrame } from "./record-page-html.js";

export interface RecordPageServices {
  readonly openRecordLink: OpenRecordLink;
  readonly getInquiry: GetInquiry;
  readonly updateInquiry: UpdateInquiry;
  readonly listCatalog: ListCatalog;
  readonly listStaff: ListStaff;
  readonly getOrder: GetOrder;
  readonly acceptOrder: AcceptOrder;
  readonly rejectOrder: RejectOrder;
  readonly getTicket: GetTicket;
  readonly closeTicket: CloseTicket;
}

const SECTIONS: Readonly<Record<string, RecordKind>> = { inquiries: "inquiry", orders: "order", tickets: "ticket" };

/** Pages carry a signed link in their address: it must not leak to other sites, caches or search engines. */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  // Nothing to other sites; within the server the browser still names the page's origin on a POST.
  "Referrer-Policy": "same-origin",
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex",
  "X-Content-Type-Options": "nosniff",
};

function sendHtml(ctx: Context, status: number, html: string): void {
  ctx.set(PAGE_HEADERS);
  ctx.status = status;
  ctx.type = "text/html; charset=utf-8";
  ctx.body = html;
}

/** Until the link is checked the workspace's language is unknown: the browser's preference decides. */
function browserLocale(ctx: Context): Locale {
  return ctx.acceptsLanguages("de", "en") === "en" ? "en" : "de";
}

function refuse(ctx: Context, status: number, reason: keyof typeof REFUSALS, locale: Locale, detail?: string): void {
  sendHtml(ctx, status, refusalPage(locale, REFUSALS[reason]![locale], detail));
}

const REFUSAL_STATUS = { invalid: 403, other_record: 403, staff_gone: 403, expired: 410 } as const;

function single(value: unknown): string {
  if (typeof value === "string") return value;
  return Array.isArray(value) && typeof value[0] === "string" ? value[0] : "";
}

/**
 * A POST must come from a page of this server. Browsers say where a request comes from:
 * Sec-Fetch-Site (which no page can forge), else Origin. A request with neither (a script, curl)
 * still needs the signed link in its body, which another site cannot know.
 */
function isSameOrigin(ctx: Context, publicUrl: () => string): boolean {
  const site = ctx.get("Sec-Fetch-Site");
  if (site) return site === "same-origin" || site === "none";
  const origin = ctx.get("Origin");
  if (!origin) return true;
  // Koa 3's ctx.origin is the Origin header itself; the server's own origin is protocol and host.
  const allowed = new Set([`${ctx.protocol}://${ctx.host}`]);
  const configured = publicUrl();
  if (configured) allowed.add(new URL(configured).origin);
  return allowed.has(origin);
}

/**
 * The pages behind the links in notifications: a record's page for the staff member the link was
 * signed for, with its main actions as plain POST forms. HTML only — these are not API routes.
 */
export function recordPageRoutes(services: RecordPageServices, options: { readonly publicUrl: () => string }): Router<LeadportState> {
  const router = new Router<LeadportState>();

  router.get(PAGE_CSS_PATH, (ctx) => {
    ctx.set("Cache-Control", "public, max-age=3600");
    ctx.type = "text/css; charset=utf-8";
    ctx.body = PAGE_CSS;
  });

  const grantFor = async (ctx: Context, token: string): Promise<{ grant: RecordLinkGrant; kind: RecordKind; id: string } | null> => {
    const kind = SECTIONS[String(ctx.params.section)];
    const id = String(ctx.params.id);
    if (!kind) {
      refuse(ctx, 404, "not_found", browserLocale(ctx));
      return null;
    }
    const opened = await services.openRecordLink.execute(token, kind, id);
    if (!opened.ok) {
      refuse(ctx, REFUSAL_STATUS[opened.error], opened.error, browserLocale(ctx));
      return null;
    }
    return { grant: opened.value, kind, id };
  };

  router.get("/app/:section/:id", async (ctx) => {
    const found = await grantFor(ctx, single(ctx.query.t));
    if (!found) return;
    const { grant, kind, id } = found;
    const done = single(ctx.query.done) || null;
    const frame: PageFrame = {
      locale: grant.locale,
      token: single(ctx.query.t),
      member: grant.member,
      expiresAt: grant.expiresAt,
      done,
      action: `/app/${String(ctx.params.section)}/${encodeURIComponent(id)}`,
    };
    const ws = grant.workspaceId;
    const page = await renderRecord(services, frame, kind, ws, id);
    if (!page.ok) return refuse(ctx, 404, "not_found", grant.locale);
    sendHtml(ctx, 200, page.value);
  });

  router.post("/app/:section/:id", async (ctx) => {
    if (!isSameOrigin(ctx, options.publicUrl)) return refuse(ctx, 403, "cross_origin", browserLocale(ctx));
    let fields: Record<string, unknown>;
    try {
      fields = (await readFormBody(ctx)).fields;
    } catch {
      return refuse(ctx, 400, "bad_request", browserLocale(ctx));
    }
    const token = single(fields.t);
    const found = await grantFor(ctx, token);
    if (!found) return;
    const { grant, kind, id } = found;
    const action = single(fields.action);
    const result = await act(services, grant, kind, id, action, fields);
    if (!result.ok) {
      const status = result.error.code === "not_found" ? 404 : result.error.code === "conflict" ? 409 : 400;
      return refuse(ctx, status, status === 404 ? "not_found" : "bad_request", grant.locale, result.error.message);
    }
    ctx.set(PAGE_HEADERS);
    ctx.status = 303;
    ctx.redirect(`/app/${String(ctx.params.section)}/${encodeURIComponent(id)}?t=${encodeURIComponent(token)}&done=${encodeURIComponent(action)}`);
  });

  return router;
}

async function renderRecord(services: RecordPageServices, frame: PageFrame, kind: RecordKind, ws: string, id: string): Promise<Result<string, Failure>> {
  switch (kind) {
    case "inquiry": {
      const inquiry = await services.getInquiry.execute(ws, id);
      if (!inquiry.ok) return inquiry;
      const statuses = await services.listCatalog.execute(ws, "status");
      const staff = await services.listStaff.execute(ws);
      return { ok: true, value: inquiryPage(frame, inquiry.value, statuses.ok ? statuses.value : [], staff.ok ? staff.value : []) };
    }
    case "order": {
      const order = await services.getOrder.execute(ws, id);
      return order.ok ? { ok: true, value: orderPage(frame, order.value) } : order;
    }
    case "ticket": {
      const ticket = await services.getTicket.execute(ws, id);
      return ticket.ok ? { ok: true, value: ticketPage(frame, ticket.value) } : ticket;
    }
  }
}

const unknownAction: Failure = { code: "validation_failed", message: "unknown action" };

/** Carries out a page action with the same use cases the API uses, on behalf of the link's staff member. */
async function act(
  services: RecordPageServices,
  grant: RecordLinkGrant,
  kind: RecordKind,
  id: string,
  action: string,
  fields: Record<string, unknown>,
): Promise<Result<unknown, Failure>> {
  const ws = grant.workspaceId;
  const actor = `${grant.member.name} <${grant.member.email}>`;
  if (kind === "inquiry") {
    const value = single(fields.value);
    if (action === "status") return services.updateInquiry.execute(ws, id, { status: value }, actor);
    if (action === "assignee") return services.updateInquiry.execute(ws, id, { assignee: value === "" ? null : value }, actor);
    if (action === "comment") return services.updateInquiry.execute(ws, id, { comment: single(fields.comment) }, actor);
  }
  if (kind === "order" && action === "accept") return services.acceptOrder.execute(ws, id);
  if (kind === "order" && action === "reject") return services.rejectOrder.execute(ws, id);
  if (kind === "ticket" && action === "close") return services.closeTicket.execute(ws, id);
  return { ok: false, error: unknownAction };
}
