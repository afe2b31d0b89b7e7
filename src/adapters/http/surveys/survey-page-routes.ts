import Router from "@koa/router";
import type { Context, Next } from "koa";
import type { AnswerSurvey } from "../../../application/surveys/answer-survey.js";
import type { OpenSurveyLink } from "../../../application/surveys/open-survey-link.js";
import type { Answer } from "../../../domain/survey/response.js";
import type { Locale } from "../../../domain/workspace/workspace.js";
import { TokenBucketLimiter, type RateLimit } from "../../system/token-bucket.js";
import type { LeadportState } from "../context.js";
import { readFormBody } from "../forms/form-body.js";
import type { RouteDoc } from "../openapi/route-doc.js";
import { problemOf } from "../problem.js";
import { refusalPage, surveyFormPage, thanksPage, type RefusalKind } from "./survey-page-html.js";

export interface SurveyPageServices {
  readonly openSurveyLink: OpenSurveyLink;
  readonly answerSurvey: AnswerSurvey;
  /** Requests per client address to the answer pages (LEADPORT_SURVEY_RATE_PER_IP); null: unlimited. */
  readonly ratePerIp: RateLimit | null;
}

/** The token sits in the address: it must not leak to other sites, caches or search engines. */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex",
};

function sendPage(ctx: Context, status: number, html: string): void {
  ctx.set(PAGE_HEADERS);
  ctx.status = status;
  ctx.type = "text/html; charset=utf-8";
  ctx.body = html;
}

/** Until the token is known the survey's language is not: the browser's preference decides. */
const browserLanguage = (ctx: Context): Locale => (ctx.acceptsLanguages("de", "en") === "en" ? "en" : "de");

const REFUSAL_STATUS: Readonly<Record<RefusalKind, number>> = { unknown: 404, closed: 410, limited: 429, bad: 400 };

function refuse(ctx: Context, kind: RefusalKind, language: Locale, retryAfterSeconds = 0): void {
  if (kind === "limited") ctx.set("Retry-After", String(retryAfterSeconds));
  sendPage(ctx, REFUSAL_STATUS[kind], refusalPage(language, kind, retryAfterSeconds));
}

const valuesOf = (answers: readonly Answer[]): Record<string, string> => Object.fromEntries(answers.map((answer) => [answer.questionId, String(answer.value)]));

/** Form fields as text per name; a repeated or non-text field counts as not answered. */
function submittedValues(fields: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) if (typeof value === "string" || typeof value === "number") values[name] = String(value);
  return values;
}

/** The answer pages behind the personal links in survey mails: public, rate-limited per address. */
export function surveyPageRoutes(services: SurveyPageServices): Router<LeadportState> {
  const router = new Router<LeadportState>();
  const limiter = services.ratePerIp ? new TokenBucketLimiter(services.ratePerIp) : null;

  const limited = async (ctx: Context, next: Next): Promise<void> => {
    const decision = limiter?.take(ctx.ip);
    if (decision && !decision.allowed) return refuse(ctx, "limited", browserLanguage(ctx), decision.retryAfterSeconds);
    await next();
  };

  router.get("/s/:token", limited, async (ctx) => {
    const token = String(ctx.params.token);
    const opened = await services.openSurveyLink.execute(token);
    if (!opened.ok) return refuse(ctx, opened.error.kind, opened.error.kind === "closed" ? opened.error.language : browserLanguage(ctx));
    sendPage(ctx, 200, surveyFormPage(opened.value, ctx.path, valuesOf(opened.value.previousAnswers), {}));
  });

  router.post("/s/:token", limited, async (ctx) => {
    const token = String(ctx.params.token);
    let fields: Record<string, unknown>;
    try {
      fields = (await readFormBody(ctx)).fields;
    } catch (error) {
      // A broken body is the browser's or the network's fault: a page, not a problem document.
      if (problemOf(error)) return refuse(ctx, "bad", browserLanguage(ctx));
      throw error;
    }
    const values = submittedValues(fields);
    const answered = await services.answerSurvey.execute(token, values);
    if (answered.ok) return sendPage(ctx, 200, thanksPage(answered.value.language, answered.value.updated, ctx.path));
    const refusal = answered.error;
    if (refusal.kind === "invalid") {
      const errors = Object.fromEntries(refusal.issues.map((issue) => [issue.path, issue.message]));
      return sendPage(ctx, 400, surveyFormPage(refusal.form, ctx.path, values, errors));
    }
    refuse(ctx, refusal.kind, refusal.kind === "closed" ? refusal.language : browserLanguage(ctx));
  });

  return router;
}

const html = (description: string) => ({ description, contentType: "text/html" });

export const surveyPageRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: "/s/:token",
    summary: "The answer form behind a personal survey link",
    description:
      "HTML for people, not API: the survey in its language, with the previous answer filled in. Unknown or tampered links get a page with 404, closed dispatches 410; rate-limited per client address (429 page with Retry-After).",
    tags: ["Survey pages"],
    auth: "none",
    responses: { 200: html("The form"), 404: html("Unknown link"), 410: html("The dispatch is closed"), 429: html("Too many requests from this address") },
  },
  {
    method: "post",
    path: "/s/:token",
    summary: "Send or change the answer behind a personal survey link",
    description: "A form post (urlencoded or multipart) with one field per question id. A second post replaces the answer while the dispatch is open. An answer out of range shows the form again with the message beside the question (400).",
    tags: ["Survey pages"],
    auth: "none",
    bodyContentTypes: ["application/x-www-form-urlencoded", "multipart/form-data"],
    responses: { 200: html("Thank-you page"), 400: html("The form again with messages"), 404: html("Unknown link"), 410: html("The dispatch is closed"), 429: html("Too many requests") },
  },
];
