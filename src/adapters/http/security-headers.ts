import type { Context, Next } from "koa";

/**
 * HTML pages (the API reference at /docs, the form's thank-you and error pages): scripts and
 * styles only from this server (Swagger UI sets inline style attributes, the form pages carry one
 * inline <style>), nothing may frame them, no <base> hijack.
 */
export const HTML_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Everything else is data: it may load nothing and be framed by nobody. */
export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Files uploaded by strangers: opened directly in a browser they run without scripts, in a unique origin. */
export const ATTACHMENT_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'";

/**
 * Security headers on every answer, problems included. A route that needs another policy sets
 * its own Content-Security-Policy or Referrer-Policy; this one only fills them in when none was set.
 */
export async function securityHeaders(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } finally {
    ctx.set("X-Content-Type-Options", "nosniff");
    // Links in pages and mails may carry signed tokens; they must never leak to another site. The
    // record pages ask for same-origin themselves: their POSTs must still name their origin.
    if (!ctx.response.get("Referrer-Policy")) ctx.set("Referrer-Policy", "no-referrer");
    ctx.set("Cross-Origin-Opener-Policy", "same-origin");
    if (!ctx.response.get("Content-Security-Policy")) {
      ctx.set("Content-Security-Policy", ctx.response.is("html") ? HTML_CSP : DATA_CSP);
    }
  }
}
