import { ListCustomersInput } from "../../application/customers/customer-queries.js";
import { UpdateCustomerInput } from "../../application/customers/customer-schemas.js";
import { z } from "zod";
import { PersonalDataExportSchema } from "../../application/customer-records/export-view.js";
import { DeleteCustomerQuery } from "./customer-routes.js";
import { MergeCustomersInput } from "../../application/customers/merge-customers.js";
import { CustomerPageSchema, CustomerViewSchema, DuplicateListSchema } from "../../application/customers/customer-view.js";
import { CustomerRecordViewSchema } from "../../application/customer-records/customer-record-view.js";
import type { ResponseDoc, RouteDoc } from "./openapi/route-doc.js";

const ErasureReportSchema = z.object({
  customerId: z.string(),
  inquiries: z.number().int(),
  attachments: z.number().int(),
  tickets: z.number().int(),
  orders: z.number().int(),
  notifications: z.number().int(),
  outboxEvents: z.number().int(),
  mails: z.number().int().describe("Stored mails (.eml) about the person, deleted: staff mails and the features' mails to them (survey invitations)."),
  sections: z
    .record(z.string(), z.record(z.string(), z.number().int()))
    .describe("What each feature removed, by feature and kind, e.g. `surveys`: responses, invitations, listEntries."),
});

const notFound: Readonly<Record<number, ResponseDoc>> = { 404: { description: "No such customer in the key's workspace." } };
const bodyErrors: Readonly<Record<number, ResponseDoc>> = {
  400: { description: "Invalid JSON, an unknown or read-only field, or an invalid value; `errors[].path` names each field." },
  413: { description: "The body exceeds 1 MiB." },
  415: { description: "The body is not application/json." },
};

/** The API reference of customer-routes.ts. */
export const customerRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: "/api/v1/customers",
    summary: "List customers, newest first",
    tags: ["Customers"],
    auth: "secret-key",
    query: ListCustomersInput,
    responses: {
      200: { description: "A page of customers.", schema: CustomerPageSchema },
      400: { description: "An invalid limit or cursor." },
    },
  },
  {
    method: "get",
    path: "/api/v1/customers/duplicates",
    summary: "Customers that look like the same person",
    description:
      "Groups of customers with their reasons, strongest first: `same_email` (normalised e-mail), `same_name_and_zipcode`, " +
      "`same_name_and_phone` (folded name: case, accents and umlaut spelling ignored), `same_name` (only when their e-mails do not differ). " +
      "Customers are oldest first in each group.",
    tags: ["Customers"],
    auth: "secret-key",
    responses: { 200: { description: "Every group of likely duplicates.", schema: DuplicateListSchema } },
  },
  {
    method: "post",
    path: "/api/v1/customers/:id/merge",
    summary: "Merge customers into this one",
    description:
      "Moves the inquiries (with their attachments), tickets and web orders of the customers in `from` onto this customer, fills its " +
      "empty fields from them, adds a logbook entry to each moved inquiry, records `CustomerMerged` and deletes the merged customers, " +
      "in one transaction. Ids merged into this customer before are skipped, so repeating a merge answers the same record. " +
      "An id that is neither a customer nor merged into this one fails the whole merge with 404 naming it (`errors[].path` = `from.N`). " +
      "`from` may name at most LEADPORT_MAX_BULK_ITEMS customers (default 1000); more is refused with 413 `too_many_items` before anything moves.",
    tags: ["Customers"],
    auth: "secret-key",
    body: MergeCustomersInput,
    responses: {
      200: { description: "The kept customer with all its inquiries, tickets and web orders.", schema: CustomerRecordViewSchema },
      ...bodyErrors,
      413: { description: "The body exceeds 1 MiB, or `from` names more customers than LEADPORT_MAX_BULK_ITEMS (`too_many_items`, with `limit` and `count`)." },
      404: { description: "The kept customer, or one named in `from`, does not exist in the key's workspace." },
    },
  },
  {
    method: "get",
    path: "/api/v1/customers/:id",
    summary: "Get one customer with its inquiries",
    tags: ["Customers"],
    auth: "secret-key",
    responses: {
      200: { description: "The customer with its newest inquiries, tickets and web orders.", schema: CustomerRecordViewSchema },
      ...notFound,
    },
  },
  {
    method: "patch",
    path: "/api/v1/customers/:id",
    summary: "Edit a customer",
    description:
      "Fields sent are changed, `null` clears a field, within `address` the parts sent are changed. The matching keys (e-mail, folded name) " +
      "follow the edit, so later inquiries find the customer under its new details. A customer keeps an e-mail or a name.",
    tags: ["Customers"],
    auth: "secret-key",
    body: UpdateCustomerInput,
    responses: { 200: { description: "The edited customer.", schema: CustomerViewSchema }, ...bodyErrors, ...notFound },
  },
  {
    method: "get",
    path: "/api/v1/customers/:id/export",
    summary: "Everything held about a person (GDPR Art. 15/20)",
    description:
      "One JSON document: the customer, inquiries with logbooks, attachment metadata, tickets and web orders (also those sent from " +
      "the customer's e-mail before it was a customer), in-app notifications and staff mails about them, every recorded outbox event about them, and under `sections` what each " +
      "feature holds about them (survey invitations, answers and list entries; accounting quote drafts).",
    tags: ["Customers"],
    auth: "secret-key",
    responses: { 200: { description: "The export.", schema: PersonalDataExportSchema }, ...notFound },
  },
  {
    method: "delete",
    path: "/api/v1/customers/:id",
    summary: "Delete a customer nothing refers to, or erase a person everywhere",
    description:
      "Without `erase`: refused with 409 while inquiries, tickets or web orders are filed under the customer; `errors[]` names each kind with its count. " +
      "With `?erase=true` (GDPR Art. 17): removes the customer, its inquiries with logbooks and attachments (files included), tickets and orders " +
      "(also those sent from its e-mail), the notifications, outbox events (delivered or pending) and stored mails about them, and each feature's " +
      "share (survey invitations, answers and list entries; accounting drafts' contact details; webhook deliveries naming them) in the same transaction, then checkpoints the " +
      "database so no copy lingers in the WAL. The erasure is recorded as `CustomerErased` with ids and counts only.",
    tags: ["Customers"],
    auth: "secret-key",
    query: DeleteCustomerQuery,
    responses: {
      200: { description: "Erased (`?erase=true`): what was removed, by count.", schema: ErasureReportSchema },
      204: { description: "Deleted." },
      400: { description: "`erase` is neither true nor false." },
      409: { description: "Inquiries, tickets or orders still refer to the customer; `errors[].path` names them with their counts." },
      ...notFound,
    },
  },
];
