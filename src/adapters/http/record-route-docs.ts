import { CreateInquiryInput, ListInquiriesInput, UpdateInquiryInput } from "../../application/inquiries/inquiry-schemas.js";
import { InquiryPageSchema, InquiryViewSchema } from "../../application/inquiries/inquiry-view.js";
import { customerRouteDocs } from "./customer-route-docs.js";
import type { ResponseDoc, RouteDoc } from "./openapi/route-doc.js";

/*
 * The documentation of record-routes.ts (inquiries and customers), from the schemas the use cases
 * validate with and the view schemas the answers are built from. 401 and 403 are added for every
 * secret-key route.
 */

const bodyErrors: Readonly<Record<number, ResponseDoc>> = {
  400: { description: "Invalid JSON, an unknown or read-only field, or an invalid value; `errors[].path` names each field." },
  413: { description: "The body exceeds 1 MiB." },
  415: { description: "The body is not application/json." },
};
const notFound: Readonly<Record<number, ResponseDoc>> = {
  404: { description: "No such record in the key's workspace." },
};

const INQUIRY = "The stored inquiry: the fields sent plus `id`, `customerId`, `customerMatch`, `leadScore`, `leadScoreReasons`, `logbook`, `wonAt`, `createdAt` and `updatedAt`.";

export const recordRouteDocs: readonly RouteDoc[] = [
  {
    method: "post",
    path: "/api/v1/inquiries",
    summary: "Create an inquiry",
    description:
      "Matches the customer by e-mail, else by name, else creates one. With an `externalRef` already known for the same " +
      "source the existing inquiry is updated instead (200). Unknown statuses and sources are created.",
    tags: ["Inquiries"],
    auth: "secret-key",
    body: CreateInquiryInput,
    example: {
      title: "Dachsanierung Einfamilienhaus",
      contact: { name: "Erika Musterfrau", email: "erika@example.org", phone: "+49 511 4711" },
      address: { street: "Schwarzer Bär 2", zipcode: "30449", city: "Hannover", countryCode: "DE" },
      source: "Google Ads",
      expectedValue: 18500.5,
      probability: 60,
      urgency: "high",
      budget: { min: 15000, max: 25000 },
      tags: ["Dach", "Sanierung"],
      comment: "Erstkontakt per Formular",
    },
    responses: {
      201: { description: `Created. ${INQUIRY}`, schema: InquiryViewSchema },
      200: { description: "An inquiry with this source and externalRef existed and was updated.", schema: InquiryViewSchema },
      ...bodyErrors,
    },
  },
  {
    method: "get",
    path: "/api/v1/inquiries",
    summary: "List inquiries, newest first or sorted by lead score or follow-up date",
    description:
      "`q` searches title, contact and notes. `sort` orders by `createdAt`, `leadScore` or `followUpDate` (`-` for descending); " +
      "`minScore` and `followUpDue=today|overdue` (Europe/Berlin calendar) filter. `total` counts every match exactly. " +
      "Pages with `limit` (max 200, default 50) and the returned `nextCursor`, which holds only for the same `sort`.",
    tags: ["Inquiries"],
    auth: "secret-key",
    query: ListInquiriesInput,
    responses: {
      200: { description: "A page of inquiries.", schema: InquiryPageSchema },
      400: { description: "An invalid filter, limit or cursor." },
    },
  },
  {
    method: "get",
    path: "/api/v1/inquiries/:id",
    summary: "Get one inquiry",
    tags: ["Inquiries"],
    auth: "secret-key",
    responses: { 200: { description: INQUIRY, schema: InquiryViewSchema }, ...notFound },
  },
  {
    method: "patch",
    path: "/api/v1/inquiries/:id",
    summary: "Update an inquiry",
    description: "Fields sent are changed, `null` clears a field, `comment` adds a logbook entry.",
    tags: ["Inquiries"],
    auth: "secret-key",
    body: UpdateInquiryInput,
    responses: { 200: { description: `The updated inquiry. ${INQUIRY}`, schema: InquiryViewSchema }, ...bodyErrors, ...notFound },
  },
  {
    method: "post",
    path: "/api/v1/inquiries/:id/release",
    summary: "Release an inquiry held for review",
    description:
      "A contact-form submission held as suspected spam (`heldForReview`) is real after all: the hold is cleared, the lead score computed, " +
      "it appears in the normal list and staff are notified as if it had just arrived. A held inquiry that is spam is deleted with DELETE instead.",
    tags: ["Inquiries"],
    auth: "secret-key",
    responses: {
      200: { description: `The released inquiry. ${INQUIRY}`, schema: InquiryViewSchema },
      ...notFound,
      409: { description: "The inquiry is not held for review." },
    },
  },
  {
    method: "delete",
    path: "/api/v1/inquiries/:id",
    summary: "Delete an inquiry",
    tags: ["Inquiries"],
    auth: "secret-key",
    responses: { 204: { description: "Deleted." }, ...notFound },
  },
  ...customerRouteDocs,
];
