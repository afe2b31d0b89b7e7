import Router from "@koa/router";
import type { Context } from "koa";
import { escapeHtml } from "../../domain/shared/html.js";
import type { LeadportState } from "./context.js";
import type { RouteDoc } from "./openapi/route-doc.js";

/** Where every problem's `type` points: one page, one anchor per code. */
export const PROBLEMS_PATH = "/docs/problems";

export interface ProblemEntry {
  readonly status: number;
  readonly cause: string;
  readonly fix: string;
}

/**
 * Every error code the API answers with, what causes it and what to do. A test reads the codes
 * out of the source and fails on one without an entry, so a new code cannot ship unexplained.
 */
export const PROBLEM_CATALOG: ReadonlyMap<string, ProblemEntry> = new Map([
  ["validation_failed", { status: 400, cause: "A field is missing, has the wrong type or breaks a rule. `errors` lists every such field with its path.", fix: "Correct the fields named in `errors` and send the request again." }],
  ["invalid_json", { status: 400, cause: "The body is not valid JSON, or a JSON body was expected and none was sent.", fix: "Send a JSON object and `Content-Type: application/json`." }],
  ["invalid_body", { status: 400, cause: "The request body could not be read (the connection broke or the encoding is wrong).", fix: "Send the request again with a complete body." }],
  ["invalid_request", { status: 400, cause: "The request itself is malformed, e.g. a query parameter that cannot be read.", fix: "Check the URL and query parameters against the API reference." }],
  ["invalid_multipart", { status: 400, cause: "A multipart or URL-encoded form body is malformed or truncated.", fix: "Let the HTTP client build the form body (and its boundary) instead of writing it by hand." }],
  ["upload_aborted", { status: 400, cause: "The client stopped sending the body half-way. Nothing was stored.", fix: "Send the whole request again." }],
  ["too_many_files", { status: 400, cause: "More files than allowed in one request; `limit` says how many are allowed. Nothing was stored.", fix: "Send fewer files per request (see LEADPORT_ATTACHMENT_MAX_FILES)." }],
  ["too_many_fields", { status: 400, cause: "A form body has more fields than allowed; `limit` says how many are allowed.", fix: "Send fewer form fields." }],
  ["invalid_idempotency_key", { status: 400, cause: "The `Idempotency-Key` header is empty, too long or holds characters other than printable ASCII.", fix: "Send 1-255 printable ASCII characters, e.g. a UUID made once per logical request." }],
  ["unauthenticated", { status: 401, cause: "No API key was sent.", fix: "Send the key as `Authorization: Bearer KEY` (or X-API-KEY); a website form uses its publishable key." }],
  ["forbidden", { status: 403, cause: "The key is wrong, revoked, or may not do this (a publishable key may only submit the contact form).", fix: "Use an active secret key; create one with `leadport keys create`." }],
  ["origin_not_allowed", { status: 403, cause: "A contact form was sent from a website origin the publishable key does not allow.", fix: "Add the site's origin to the key (`leadport keys set-origins ID https://…`); the server log names the refused origin." }],
  ["not_found", { status: 404, cause: "The route or the record does not exist, or belongs to another workspace.", fix: "Check the path and the id; every key sees only its own workspace's records." }],
  ["method_not_allowed", { status: 405, cause: "The path exists, but not with this HTTP method.", fix: "Use one of the methods in the `Allow` header." }],
  ["conflict", { status: 409, cause: "The request clashes with the record's current state, e.g. closing a ticket that is already closed or a duplicate name.", fix: "Read the record again and decide whether the change is still needed." }],
  ["accounting_not_resendable", { status: 409, cause: "The inquiry's quote draft cannot be sent again: the inquiry is not won, it has no draft yet, the draft exists in the accounting system already, or it failed and the outbox retries it by itself. `detail` says which.", fix: "Correct a draft that exists in the accounting system there; send wins that have no draft with `POST /api/v1/accounting/backfill`; look at failed ones in `leadport outbox list`." }],
  ["accounting_not_connected", { status: 409, cause: "The workspace has no accounting system connected, so no quote draft can be queued.", fix: "Connect one with `leadport accounting connect lexoffice --token …` (or `file`), then send again." }],
  ["idempotency_request_in_flight", { status: 409, cause: "A request with this `Idempotency-Key` is still being processed.", fix: "Wait the seconds in `Retry-After`, then retry with the same key: you get the first request's answer." }],
  ["payload_too_large", { status: 413, cause: "The body or one of its fields exceeds the size limit.", fix: "Send less data; the limit is named in `detail`." }],
  ["too_many_items", { status: 413, cause: "A list in the request holds more items than one request may carry, e.g. more customers to merge at once than allowed. `limit` and `count` say how many are allowed and how many were sent; `errors` names the list. Nothing was written.", fix: "Split the list into requests of at most `limit` items (the server's LEADPORT_MAX_BULK_ITEMS)." }],
  ["file_too_large", { status: 413, cause: "An uploaded file exceeds the attachment limit.", fix: "Send a smaller file (see LEADPORT_ATTACHMENT_MAX_BYTES)." }],
  ["unsupported_media_type", { status: 415, cause: "The body's Content-Type is not one this route reads.", fix: "Send `application/json` (or the form encodings the route names)." }],
  ["idempotency_key_reused", { status: 422, cause: "This `Idempotency-Key` was used before for a different request (another method, path or body).", fix: "Use a new key for each new request; reuse a key only to retry the very same request." }],
  ["rate_limited", { status: 429, cause: "Too many requests: API calls per key or address, failed authentications from this address, or contact-form submissions per address or key.", fix: "Wait the seconds in `Retry-After`, then send again." }],
  ["too_many_streams", { status: 429, cause: "Too many notification streams are open for this member, key or server.", fix: "Close a stream you no longer read, or retry after `Retry-After` seconds." }],
  ["internal_error", { status: 500, cause: "An unexpected error on the server. It has been logged with the `requestId`.", fix: "Try again later; if it persists, give the `requestId` to whoever runs the server." }],
  ["storage_busy", { status: 503, cause: "Another process (an import, a backup) holds the database's write lock. Nothing was stored.", fix: "Send the request again after `Retry-After` seconds." }],
  ["storage_unavailable", { status: 503, cause: "The PostgreSQL server cannot be reached (restarting, connection lost). Nothing was stored.", fix: "Send the request again after `Retry-After` seconds; the server reconnects by itself." }],
  ["shutting_down", { status: 503, cause: "The server is stopping and takes no new work.", fix: "Send the request again once the server is back." }],
]);

const PAGE_STYLE = `body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
code,pre{background:#f3f3f3;border-radius:4px;padding:.1rem .3rem}pre{padding:.75rem;overflow-x:auto}
dt{font-weight:600;margin-top:1.25rem}dd{margin-left:0}a{color:#1d5fbf}`;

/** `code` spans in the catalog's texts, after escaping. */
const withCode = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function problemsPage(): string {
  const entries = [...PROBLEM_CATALOG]
    .map(
      ([code, entry]) =>
        `<dt id="${escapeHtml(code)}"><a href="#${escapeHtml(code)}">${escapeHtml(code)}</a> (${entry.status})</dt>\n` +
        `<dd><p><strong>Cause:</strong> ${withCode(entry.cause)}</p><p><strong>Fix:</strong> ${withCode(entry.fix)}</p></dd>`,
    )
    .join("\n");
  return page(
    "Leadport: error codes",
    `<h1>Error codes</h1>
<p>Every error answer of the Leadport API is an RFC 9457 problem document. Its <code>code</code> is one of these, and its <code>type</code> links here.</p>
<dl>
${entries}
</dl>
<p><a href="/">Start page</a> · <a href="/docs">API reference</a></p>`,
  );
}

function startPage(version: string): string {
  return page(
    "Leadport",
    `<h1>Leadport ${escapeHtml(version)}</h1>
<p>Lead intake for craft businesses: inquiries, customers, the website contact form and a spreadsheet importer.</p>
<ul>
<li><a href="/docs">API reference</a> (browsable)</li>
<li><a href="/openapi.json">OpenAPI document</a></li>
<li><a href="${PROBLEMS_PATH}">Error codes</a>: what each one means and how to fix it</li>
<li><a href="/healthz">Health check</a></li>
</ul>
<h2>First steps</h2>
<p>The README's <em>Quick start</em> in short. On its first start the server printed an API key; on the server, <code>npx leadport keys create --name "My app"</code> makes another.</p>
<pre>curl -s -X POST ${"$"}URL/api/v1/inquiries -H "Authorization: Bearer ${"$"}KEY" -H 'Content-Type: application/json' \\
  -d '{"title":"Dachsanierung","contact":{"name":"Max Mustermann","email":"max@example.org"}}'
curl -s ${"$"}URL/api/v1/inquiries -H "Authorization: Bearer ${"$"}KEY"</pre>
<p>Add yourself as staff to be notified of new inquiries: <code>npx leadport staff add --email you@example.org --name "Your Name"</code>.</p>`,
  );
}

/** Browsers get HTML; a client that prefers JSON gets the same links as a small index. */
const prefersJson = (ctx: Context) => ctx.accepts("html", "json") === "json";

/** `GET /` and the error-code page: what a person opening the server's address in a browser sees. */
export function startPageRoutes(version: string): Router<LeadportState> {
  const router = new Router<LeadportState>();
  const start = startPage(version);
  const problems = problemsPage();
  router.get("/", (ctx) => {
    ctx.vary("Accept");
    if (prefersJson(ctx)) {
      ctx.body = { name: "Leadport", version, links: { docs: "/docs", openapi: "/openapi.json", problems: PROBLEMS_PATH, health: "/healthz" } };
      return;
    }
    ctx.type = "text/html; charset=utf-8";
    ctx.body = start;
  });
  router.get(PROBLEMS_PATH, (ctx) => {
    ctx.type = "text/html; charset=utf-8";
    ctx.body = problems;
  });
  return router;
}

export const startPageRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: "/",
    summary: "Start page",
    description: "HTML with the version and links to the reference and first steps; `Accept: application/json` gets the same as a small JSON index.",
    tags: ["Reference"],
    auth: "none",
    responses: { 200: { description: "The start page (HTML) or the JSON index.", contentType: "text/html" } },
  },
  {
    method: "get",
    path: PROBLEMS_PATH,
    summary: "Error codes: cause and fix of each",
    description: "Every problem document's `type` links to its anchor on this page, e.g. /docs/problems#validation_failed.",
    tags: ["Reference"],
    auth: "none",
    responses: { 200: { description: "The list of error codes.", contentType: "text/html" } },
  },
];
