import Router from "@koa/router";
import getRawBody from "raw-body";
import type { Context, Next } from "koa";
import { z } from "zod";
import { PartnerProjectInput } from "../../application/intake/partner-project.js";
import { WebLeadInput } from "../../application/intake/web-lead.js";
import type { Failure } from "../../domain/shared/failure.js";
import { workspaceOf, type LeadportState } from "./context.js";
import type { AttachmentLimits, IntakeServices } from "./intake-services.js";
import { drainFileNames, readEncodedBody, type EncodedBodyLimits } from "./encoded-body.js";
import { MAX_JSON_BYTES, readJson } from "./json-body.js";
import type { HttpLogger } from "./middleware.js";
import { presentedKey } from "./middleware.js";
import { receiveMultipart, type MultipartUpload } from "./multipart.js";
import type { ResponseDoc, RouteDoc } from "./openapi/route-doc.js";
import { HttpProblem, HTTP_STATUS, problemOf, setProblemHeaders } from "./problem.js";
import { secretKeyFrom } from "./route-auth.js";
import { replayedIdempotently } from "./idempotency.js";

/*
 * Endpoints that answer exactly like two vendors' APIs (docs/intake.md), so an integration
 * written for either works by changing only the host name. They answer with the vendors' JSON
 * shapes, not problem+json.
 */

export const WEB_LEAD_PATHS = ["/api/v1/lead.php", "/api/v1/lead"] as const;
export const PARTNER_PROJECT_PATH = "/api/v1/Projects/create";

/** The web-to-CRM endpoint's success message, byte for byte. */
export const WEB_LEAD_SUCCESS_MESSAGE = "Daten verarbeitet";
const INTERNAL_ERROR_MESSAGE = "Internal server error.";

const vendorFailure = (failure: Failure) => new HttpProblem(HTTP_STATUS[failure.code], failure.code, failure.message, failure.issues ?? []);

/** Every answer of the web-lead and partner-project endpoints is `{ status, message }` JSON; an unexpected error is logged, never shown. */
function vendorReplies(logger: HttpLogger) {
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
    } catch (error) {
      const known = problemOf(error);
      if (!known) logger.error({ err: error, requestId: ctx.state.requestId, method: ctx.method, path: ctx.path }, "request failed");
      if (known) setProblemHeaders(ctx, known);
      ctx.status = known ? known.status : 500;
      ctx.type = "application/json";
      ctx.body = { status: "error", message: known ? known.detail : INTERNAL_ERROR_MESSAGE } satisfies z.output<typeof VendorErrorReply>;
    }
  };
}

/** Seed 001 reads the body as JSON whatever the Content-Type says (forms post text/plain to avoid preflights). */
async function readAnyJson(ctx: Context): Promise<unknown> {
  let text: string;
  try {
    text = await getRawBody(ctx.req, { limit: MAX_JSON_BYTES, encoding: "utf8" });
  } catch (error) {
    if ((error as { type?: string }).type === "entity.too.large") {
      throw new HttpProblem(413, "payload_too_large", `The body exceeds the limit of ${MAX_JSON_BYTES} bytes.`);
    }
    throw new HttpProblem(400, "invalid_body", "The request body could not be read.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpProblem(400, "invalid_json", "Invalid JSON.");
  }
}

/** A web form posting straight to lead.php: the same 1 MiB as JSON; file inputs are read and dropped. */
const WEB_FORM_LIMITS: EncodedBodyLimits = {
  maxFiles: 10,
  maxFileBytes: MAX_JSON_BYTES,
  maxFields: 100,
  maxFieldBytes: 128 * 1024,
  maxTotalBytes: MAX_JSON_BYTES,
};

const DECIMAL = /^\s*-?\d+(?:[.,]\d+)?\s*$/;

/**
 * A form field is always text: `total` is turned into a number when it is one ("49.90" or the
 * German "49,90"), an empty one counts as absent. Anything else is left as sent so the payload
 * schema refuses it with the same message a JSON client gets.
 */
function webFormPayload(fields: ReadonlyMap<string, readonly string[]>): Record<string, unknown> {
  const payload = Object.create(null) as Record<string, unknown>;
  for (const [name, values] of fields) payload[name] = values[0];
  const total = payload.total;
  if (typeof total === "string") {
    if (total.trim() === "") delete payload.total;
    else if (DECIMAL.test(total)) payload.total = Number(total.trim().replace(",", "."));
  }
  return payload;
}

/** lead.php takes what a plain HTML form posts as well as JSON; every other type is read as JSON like the vendor did. */
async function readWebLeadBody(ctx: Context): Promise<unknown> {
  if (ctx.is("application/x-www-form-urlencoded", "multipart/form-data")) {
    const body = await readEncodedBody(ctx, WEB_FORM_LIMITS, drainFileNames);
    return webFormPayload(body.fields);
  }
  return readAnyJson(ctx);
}

/** The project JSON of a multipart request; without a usable one the files already stored are deleted again. */
async function dataPartOf(upload: MultipartUpload, services: IntakeServices): Promise<unknown> {
  const value = upload.fields.get("data");
  let problem: HttpProblem;
  if (value === undefined) {
    problem = new HttpProblem(400, "validation_failed", 'The multipart body needs a "data" part with the project as JSON.');
  } else {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      problem = new HttpProblem(400, "invalid_json", 'The "data" part is not valid JSON.');
    }
  }
  await services.discardStagedAttachments.execute(upload.staged);
  throw problem;
}

export interface VendorCompatibleRouteOptions {
  readonly services: IntakeServices;
  readonly limits: AttachmentLimits;
  readonly logger: HttpLogger;
}

export function vendorCompatibleRoutes({ services, limits, logger }: VendorCompatibleRouteOptions): Router<LeadportState> {
  const router = new Router<LeadportState>();
  const replies = vendorReplies(logger);

  const webLead = async (ctx: Context) => {
    // X-API-KEY is preferred; ?key= is the documented alternative for form tools that cannot set headers.
    const header = ctx.get("x-api-key");
    const query = typeof ctx.query.key === "string" ? ctx.query.key : undefined;
    await secretKeyFrom(services.authenticate, header || query, ctx);
    const body = await readWebLeadBody(ctx);
        if (await replayedIdempotently(ctx, workspaceOf(ctx.state as LeadportState), body)) return;
    const result = await services.submitWebLead.execute(workspaceOf(ctx.state as LeadportState), body);
    if (!result.ok) throw vendorFailure(result.error);
    ctx.status = 200;
    ctx.body = { status: "success", message: WEB_LEAD_SUCCESS_MESSAGE, type: result.value.type } satisfies z.output<typeof WebLeadReply>;
  };
  for (const path of WEB_LEAD_PATHS) router.post(path, replies, webLead);

  router.post(PARTNER_PROJECT_PATH, replies, async (ctx) => {
    await secretKeyFrom(services.authenticate, presentedKey(ctx), ctx);
    const workspaceId = workspaceOf(ctx.state);
    const upload = ctx.is("multipart/form-data") ? await receiveMultipart(ctx, workspaceId, limits, services) : null;
    if (!upload && !ctx.is("application/json", "application/*+json") && ctx.get("content-type") !== "") {
      throw new HttpProblem(415, "unsupported_media_type", "Send the project as application/json, or as multipart/form-data with a data part.");
    }
    const body = upload ? await dataPartOf(upload, services) : await readJson(ctx);
    const files = (upload?.staged ?? []).map(({ filename, contentType, size, sha256 }) => ({ filename, contentType, size, sha256 }));
    if (await replayedIdempotently(ctx, workspaceId, { body, files })) {
      if (upload) await services.discardStagedAttachments.execute(upload.staged);
      return;
    }
    const result = await services.createPartnerProject.execute(workspaceId, body, upload?.staged ?? []);
    if (!result.ok) throw vendorFailure(result.error);
    ctx.status = 200;
    ctx.body = {
      status: "success",
      project_id: result.value.inquiry.id,
      customer_id: result.value.inquiry.customerId,
      attachments: result.value.attachments.map((a) => ({ id: a.id, filename: a.filename, content_type: a.contentType, size: a.size })),
    } satisfies z.output<typeof PartnerProjectReply>;
  });

  return router;
}

/** The vendors' reply shapes, exactly as answered (they are the vendors' contract, not problem+json). */
export const VendorErrorReply = z.object({ status: z.literal("error"), message: z.string() });
export const WebLeadReply = z.object({
  status: z.literal("success"),
  message: z.literal(WEB_LEAD_SUCCESS_MESSAGE),
  type: z.enum(["order", "ticket"]),
});
export const PartnerProjectReply = z.object({
  status: z.literal("success"),
  project_id: z.string().describe("The id of the inquiry the project became."),
  customer_id: z.string(),
  attachments: z.array(z.object({ id: z.string(), filename: z.string(), content_type: z.string(), size: z.number().int() })),
});

/** A vendor-compatible endpoint's failure: its own `{ status: "error", message }` JSON, not problem+json. */
const vendorError = (description: string): ResponseDoc => ({ description, schema: VendorErrorReply, contentType: "application/json" });

/** The vendors' own example payloads, as documented by the vendors. */
export const WEB_LEAD_EXAMPLE = {
  type: "ticket",
  email: "max.mustermann@beispiel.de",
  subject: "Interesse an Beratung",
  message: "Hallo, ich hätte gerne ein Angebot für Ihre Dienstleistungen.",
  total: 0.0,
};

export const PARTNER_PROJECT_EXAMPLE = {
  measure: "DOG",
  customer: {
    email: "max.mustermann@example.org",
    title: "Herr",
    first_name: "Max",
    last_name: "Mustermann",
    company_name: "Meine Firma",
  },
  address: { street: "Schwarzer Bär 2", city: "Hannover", zipcode: "30449", country_code: "DE" },
  projectaddress: { street: "Schwarzer Bär 5", city: "Hannover", zipcode: "30449", country_code: "DE" },
  project_match: {
    comment: "Dieser Kommentar erscheint im Logbuch zu dem Projekt.",
    partner_notes: "Optionale Hinweise für das Notizfeld.",
    partner_source: "Mein Kontaktformular",
  },
};

const webLeadDoc = (path: string): RouteDoc => ({
  method: "post",
  path,
  summary: "Web-to-CRM endpoint (lead.php): submit a web order or a ticket",
  description:
    'Key in X-API-KEY (preferred) or ?key=. A plain HTML form can post here directly (application/x-www-form-urlencoded or multipart/form-data; `total` may be "49.90" or "49,90"); any other body is read as JSON whatever its Content-Type. Tickets keep `name` and `phone` when sent. Unknown fields are ignored. Replies are `{"status":"success","message":"Daten verarbeitet","type":"ticket"}` or `{"status":"error","message":"…"}`.',
  tags: ["Web-to-CRM endpoint (lead.php)"],
  auth: "vendor-key",
  query: z.object({ key: z.string().optional().describe("the API key, when it cannot be sent as X-API-KEY") }),
  body: WebLeadInput,
  bodyContentTypes: ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"],
  example: WEB_LEAD_EXAMPLE,
  responses: {
    200: { description: "Stored", schema: WebLeadReply },
    400: vendorError("Invalid JSON, missing or unknown type, missing e-mail or message"),
    401: vendorError("No key sent"),
    403: vendorError("Wrong, revoked or publishable key"),
    413: vendorError("The body exceeds 1 MiB"),
    500: vendorError("Internal error (no details)"),
    503: vendorError("The database is locked by another writer; nothing was stored. Send again after `Retry-After` seconds"),
  },
});

export const vendorCompatibleRouteDocs: readonly RouteDoc[] = [
  ...WEB_LEAD_PATHS.map(webLeadDoc),
  {
    method: "post",
    path: PARTNER_PROJECT_PATH,
    summary: "Partner lead API (Projects/create): create a project with its customer",
    description:
      "`Authorization: Bearer KEY`. JSON, or multipart/form-data with a `data` part holding the JSON plus any number of files (within the attachment limits). The customer is matched or created like on the native API; the project becomes an inquiry.",
    tags: ["Partner lead API (Projects/create)"],
    auth: "secret-key",
    body: PartnerProjectInput,
    bodyContentTypes: ["application/json", "multipart/form-data"],
    example: PARTNER_PROJECT_EXAMPLE,
    responses: {
      200: { description: "Project created", schema: PartnerProjectReply },
      400: vendorError("Invalid input; `message` names the field"),
      401: vendorError("No key sent"),
      403: vendorError("Wrong, revoked or publishable key"),
      413: vendorError("A file or the body is too large"),
      415: vendorError("Neither JSON nor multipart"),
      500: vendorError("Internal error (no details)"),
      503: vendorError("The database is locked by another writer; nothing was stored. Send again after `Retry-After` seconds"),
    },
  },
];
