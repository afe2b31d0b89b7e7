import { z } from "zod";
import { FormInquiryFields } from "../../../application/forms/form-inquiry-schemas.js";
import type { RouteDoc } from "../openapi/route-doc.js";
import { FORM_CONTENT_TYPES } from "./form-body.js";

export const FormReceived = z.object({
  status: z.literal("received"),
  message: z.string(),
});
export type FormReceived = z.infer<typeof FormReceived>;

/** The same answer for a normal and a held submission, so bots learn nothing. */
export const FORM_RECEIVED: FormReceived = { status: "received", message: "Vielen Dank! Ihre Anfrage ist eingegangen." };

const html = (description: string) => ({ description, contentType: "text/html" });

export const formRouteDocs: readonly RouteDoc[] = [
  {
    method: "post",
    path: "/api/v1/forms/inquiry",
    summary: "Submit a website contact form",
    description:
      "Creates an inquiry (source 'Website' unless the form says otherwise) from flat form fields, with a publishable key " +
      "sent as the form field `key`, as `?key=` or as `X-API-KEY`. Browsers may only call it from the key's allowed " +
      "origins. A plain HTML form gets `303` to the key's thank-you URL; send `Accept: application/json` (or a JSON body) " +
      "for `201` JSON. File parts of a multipart form are read and discarded; their names are noted on the inquiry. " +
      "Suspected spam (a filled-in honeypot field `website`, a submission sooner than LEADPORT_FORM_MIN_FILL_SECONDS after `_loaded`, " +
      "or text matching LEADPORT_SPAM_PATTERNS) gets the same answer but is stored held for review: no score, no staff notification, " +
      "listed only with `GET /api/v1/inquiries?held=true` until released.",
    tags: ["Contact form"],
    auth: "publishable-key",
    body: FormInquiryFields,
    bodyContentTypes: FORM_CONTENT_TYPES,
    example: {
      name: "Erika Musterfrau",
      email: "erika@example.org",
      phone: "+49 511 4711",
      zipcode: "30449",
      city: "Hannover",
      subject: "Dach undicht",
      message: "Nach dem Sturm tropft es im Dachgeschoss. Wann können Sie vorbeikommen?",
    },
    responses: {
      201: { description: "Received (JSON clients).", schema: FormReceived },
      303: { description: "Received (plain HTML form): redirect to the key's thank-you URL, else /forms/thank-you." },
      401: { description: "No key sent." },
      403: { description: "Unknown, revoked or secret key, or a browser origin the key does not allow (then without CORS headers)." },
      400: { description: "A field is missing or invalid; `errors[].path` names the form field (HTML forms: an error page). Also a broken or truncated multipart body, more than 60 fields or more than 10 files." },
      413: { description: "The body exceeds 10 MiB (answered as soon as the limit is passed; the rest is not read) or a field exceeds 64 KiB." },
      415: { description: "Not JSON, URL-encoded or multipart." },
      429: { description: "Too many submissions from this address or with this key; see `Retry-After`." },
    },
  },
  {
    method: "options",
    path: "/api/v1/forms/inquiry",
    summary: "CORS preflight for the contact form",
    description:
      "Answered with `204` and CORS headers when the `Origin` is allowed by the key given as `?key=`, or by any active " +
      "publishable key when none is given; otherwise `403` without CORS headers.",
    tags: ["Contact form"],
    auth: "none",
    responses: {
      204: { description: "Origin allowed: Access-Control-Allow-Origin, -Methods, -Headers and -Max-Age are set." },
      400: { description: "No Origin header." },
      403: { description: "Origin not allowed." },
    },
  },
  {
    method: "get",
    path: "/forms/thank-you",
    summary: "Default thank-you page",
    description: "Where plain HTML forms land when their key has no thank-you URL of its own.",
    tags: ["Contact form"],
    auth: "none",
    responses: { 200: html("A short German confirmation page.") },
  },
];
