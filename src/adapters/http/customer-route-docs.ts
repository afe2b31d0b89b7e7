import { ListCustomersInput } from "../../application/customers/customer-queries.js";
import { UpdateCustomerInput } from "../../application/customers/customer-schemas.js";
import { MergeCustomersInput } from "../../application/customers/merge-customers.js";
import { CustomerPageSchema, CustomerRecordViewSchema, CustomerViewSchema, DuplicateListSchema } from "../../application/customers/customer-view.js";
import type { ResponseDoc, RouteDoc } from "./openapi/route-doc.js";

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
      "An id that is neither a customer nor merged into this one fails the whole merge with 404 naming it (`errors[].path` = `from.N`).",
    tags: ["Customers"],
    auth: "secret-key",
    body: MergeCustomersInput,
    responses: {
      200: { description: "The kept customer with all its inquiries, tickets and web orders.", schema: CustomerRecordViewSchema },
      ...bodyErrors,
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
    method: "delete",
    path: "/api/v1/customers/:id",
    summary: "Delete a customer nothing refers to",
    description:
      "Refused with 409 while inquiries, tickets or web orders are filed under the customer; `errors[]` names each kind with its count. " +
      "Merge the customer into another one first.",
    tags: ["Customers"],
    auth: "secret-key",
    responses: {
      204: { description: "Deleted." },
      409: { description: "Inquiries, tickets or orders still refer to the customer; `errors[].path` names them with their counts." },
      ...notFound,
    },
  },
];
