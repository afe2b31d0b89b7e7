import Router from "@koa/router";
import type { Context } from "koa";
import type { AuthenticateApiKey } from "../../../application/access/authenticate-api-key.js";
import { IsFormOriginAllowed } from "../../../application/forms/form-origins.js";
import { KEY_FIELD } from "../../../application/forms/form-inquiry-schemas.js";
import type { SubmitFormInquiry } from "../../../application/forms/submit-form-inquiry.js";
import type { SpamRules } from "../../../domain/inquiry/spam.js";
import { allowsOrigin, type ApiKey } from "../../../domain/access/api-key.js";
import { TokenBucketLimiter, type RateLimit } from "../../system/token-bucket.js";
import type { LeadportState } from "../context.js";
import { presentedKey, type HttpLogger } from "../middleware.js";
import { replayedIdempotently } from "../idempotency.js";
import { HttpProblem, unwrap } from "../problem.js";
import { readFormBody } from "./form-body.js";
import { errorPage, thankYouPage } from "./form-pages.js";
import { FORM_RECEIVED, type FormReceived } from "./form-route-docs.js";

export const FORM_PATH = "/api/v1/forms/inquiry";
export const DEFAULT_THANK_YOU_PATH = "/forms/thank-you";

export interface FormServices {
  readonly authenticate: AuthenticateApiKey;
  readonly submitFormInquiry: SubmitFormInquiry;
  readonly isFormOriginAllowed: IsFormOriginAllowed;
}

export interface FormLimits {
  /** Submissions per client address; null switches the limit off. */
  readonly perIp: RateLimit | null;
  /** Submissions per publishable key; null switches the limit off. */
  readonly perKey: RateLimit | null;
  /** Refuse submissions whose privacy-consent checkbox is not ticked (LEADPORT_FORM_REQUIRE_CONSENT). */
  readonly requireConsent?: boolean;
  /** What holds a submission for review as suspected spam (LEADPORT_FORM_MIN_FILL_SECONDS, LEADPORT_SPAM_PATTERNS). */
  readonly spamRules?: SpamRules;
}

const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** Scripts read JSON; a browser's plain form navigation gets HTML and redirects. */
function wantsJson(ctx: Context): boolean {
  return Boolean(ctx.is("application/json")) || ctx.accepts("html", "json") === "json";
}

function allowCors(ctx: Context, origin: string): void {
  ctx.set("Access-Control-Allow-Origin", origin);
  ctx.set("Access-Control-Expose-Headers", "Retry-After, X-Request-Id, Idempotency-Replayed");
}

/** A key sent as a header or as `?key=` is known before a byte of the body is read. */
function keyOutsideBody(ctx: Context): string | undefined {
  const fromQuery = typeof ctx.query.key === "string" ? ctx.query.key : undefined;
  return presentedKey(ctx) ?? fromQuery;
}

/** A plain HTML form may carry the key as a hidden field instead. */
function keyInBody(fields: Record<string, unknown>): string | undefined {
  const value = Object.hasOwn(fields, KEY_FIELD) ? fields[KEY_FIELD] : undefined;
  return typeof value === "string" ? value : undefined;
}

async function publishableKey(ctx: Context, authenticate: AuthenticateApiKey, presented: string | undefined): Promise<ApiKey> {
  const result = await authenticate.execute(presented);
  if (!result.ok && result.error === "missing") {
    throw new HttpProblem(401, "unauthenticated", "Send a publishable key as the form field 'key', as ?key= or as X-API-KEY.");
  }
  if (!result.ok) {
    ctx.state.authFailed = true;
    throw new HttpProblem(403, "forbidden", "The key is unknown or has been revoked.");
  }
  if (result.value.kind !== "publishable") {
    throw new HttpProblem(403, "forbidden", "This endpoint takes publishable keys (lp_pub_…); a secret key belongs on a server, never in a web page.");
  }
  return result.value;
}

class RateLimited extends HttpProblem {
  constructor(readonly retryAfterSeconds: number, what: string) {
    super(429, "rate_limited", `Too many submissions from this ${what}; retry in ${retryAfterSeconds} seconds.`);
  }
}

function enforce(limiter: TokenBucketLimiter | null, id: string, what: string): void {
  const decision = limiter?.take(id);
  if (decision && !decision.allowed) throw new RateLimited(decision.retryAfterSeconds, what);
}

/** Plain HTML form posts see a readable page instead of problem+json. */
function renderHtmlError(ctx: Context, error: unknown): void {
  if (!(error instanceof HttpProblem)) throw error;
  const retryAfterSeconds = error instanceof RateLimited ? error.retryAfterSeconds : undefined;
  ctx.status = error.status;
  ctx.type = "text/html; charset=utf-8";
  ctx.body = errorPage({ status: error.status, issues: error.issues, retryAfterSeconds, referer: ctx.get("referer") || undefined });
}

/**
 * The public contact-form endpoint: publishable keys only, only from their allowed origins,
 * rate limited per client address and per key. Browsers without JavaScript get a 303 to the
 * key's thank-you page; scripts asking for JSON get 201 JSON. Nothing is ever read back.
 */
export function formRoutes(services: FormServices, limits: FormLimits, logger?: HttpLogger): Router<LeadportState> {
  // A site owner whose form "does not work" finds the reason here: the origin the browser sent and the ones the key allows.
  const refuseOrigin = (ctx: Context, origin: string, key: ApiKey | null, detail: string): never => {
    logger?.warn?.(
      { requestId: ctx.state.requestId, reason: "origin_not_allowed", origin, keyId: key?.id, allowedOrigins: key?.allowedOrigins ?? "the origins of the workspace's publishable keys" },
      "request denied",
    );
    throw new HttpProblem(403, "origin_not_allowed", detail);
  };
  const router = new Router<LeadportState>();
  const perIp = limits.perIp ? new TokenBucketLimiter(limits.perIp) : null;
  const perKey = limits.perKey ? new TokenBucketLimiter(limits.perKey) : null;

  router.options(FORM_PATH, async (ctx) => {
    ctx.vary("Origin");
    const origin = ctx.get("origin");
    if (!origin) throw new HttpProblem(400, "invalid_request", "A CORS preflight needs an Origin header.");
    const queryKey = typeof ctx.query.key === "string" ? ctx.query.key : undefined;
    const key = queryKey ? await services.authenticate.execute(queryKey) : null;
    const allowed = key
      ? key.ok && allowsOrigin(key.value, origin)
      : unwrap(await services.isFormOriginAllowed.execute(origin));
    if (!allowed) refuseOrigin(ctx, origin, key?.ok ? key.value : null, `The origin ${origin} may not submit this form.`);
    allowCors(ctx, origin);
    ctx.set("Access-Control-Allow-Methods", "POST, OPTIONS");
    ctx.set("Access-Control-Allow-Headers", "Content-Type, Accept, X-API-KEY, Idempotency-Key");
    ctx.set("Access-Control-Max-Age", String(PREFLIGHT_MAX_AGE_SECONDS));
    ctx.status = 204;
  });

  /** The key must be publishable and allow the request's origin; then it pays into its own bucket. */
  const admitKey = async (ctx: Context, presented: string | undefined): Promise<ApiKey> => {
    const key = await publishableKey(ctx, services.authenticate, presented);
    const origin = ctx.get("origin");
    if (origin) {
      if (!allowsOrigin(key, origin)) refuseOrigin(ctx, origin, key, `The origin ${origin} may not use this key.`);
      allowCors(ctx, origin);
    }
    enforce(perKey, key.id, "key");
    return key;
  };

  router.post(FORM_PATH, async (ctx) => {
    ctx.vary("Origin");
    const json = wantsJson(ctx);
    try {
      // Everything that can be decided from the headers is decided before the body is read, so a
      // flood of large bodies with a wrong key, a foreign origin or from one address costs no reading.
      enforce(perIp, ctx.ip, "address");
      const early = keyOutsideBody(ctx);
      let key = early === undefined ? null : await admitKey(ctx, early);
      const origin = ctx.get("origin");
      if (!key && origin && !unwrap(await services.isFormOriginAllowed.execute(origin))) {
        refuseOrigin(ctx, origin, null, `The origin ${origin} may not submit this form.`);
      }
      const body = await readFormBody(ctx);
      key ??= await admitKey(ctx, keyInBody(body.fields));
      if (await replayedIdempotently(ctx, key.workspaceId, { fields: body.fields, files: body.files, json })) return;
      unwrap(await services.submitFormInquiry.execute(key.workspaceId, { fields: body.fields, discardedFiles: body.files, requireConsent: limits.requireConsent ?? false, spamRules: limits.spamRules }));
      if (json) {
        ctx.status = 201;
        ctx.body = FORM_RECEIVED satisfies FormReceived;
      } else {
        ctx.status = 303;
        ctx.redirect(key.thankYouUrl ?? DEFAULT_THANK_YOU_PATH);
      }
    } catch (error) {
      if (error instanceof RateLimited) {
        ctx.set("Retry-After", String(error.retryAfterSeconds));
        // Limited before its key was known: a page of an allowed origin may still read the 429.
        const origin = ctx.get("origin");
        if (origin && !ctx.response.get("Access-Control-Allow-Origin") && unwrap(await services.isFormOriginAllowed.execute(origin))) {
          allowCors(ctx, origin);
        }
      }
      if (json) throw error;
      renderHtmlError(ctx, error);
    }
  });

  router.get(DEFAULT_THANK_YOU_PATH, (ctx) => {
    ctx.type = "text/html; charset=utf-8";
    ctx.body = thankYouPage();
  });

  return router;
}
