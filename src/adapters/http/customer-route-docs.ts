import { ListCustomersInput } from "../../application/customers/customer-queries.js";
import { UpdateCustomerInput } from "../../application/customers/customer-schemas.js";
import { CustomerPageSchema, CustomerRecordViewSchema, CustomerViewSchema } from "../../application/customers/customer-view.js";
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
