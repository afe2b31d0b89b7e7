import { z } from "zod";
import type { Customer, CustomerKind } from "../../domain/customer/customer.js";
import { displayName } from "../../domain/customer/customer.js";
import { DUPLICATE_REASONS } from "../../domain/customer/duplicates.js";
import type { Assert, SameShape } from "../shared/view-schemas.js";
import { pageOf, TimestampSchema } from "../shared/view-schemas.js";
import { AddressViewSchema } from "./address-view.js";
import type { DuplicateCandidates } from "./find-duplicate-customers.js";

/** The public shape of a customer, identical on every channel. */
export const CustomerViewSchema = z.object({
  id: z.string(),
  type: z.enum(["person", "company"]),
  displayName: z.string().describe("The company name, else first and last name, else the e-mail."),
  salutation: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  companyName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: AddressViewSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type CustomerView = z.output<typeof CustomerViewSchema>;
type _CustomerKindsMatch = Assert<SameShape<CustomerView["type"], CustomerKind>>;

export const CustomerPageSchema = pageOf(CustomerViewSchema);
export type CustomerPageView = z.output<typeof CustomerPageSchema>;

export function toCustomerView(customer: Customer): CustomerView {
  return {
    id: customer.id,
    type: customer.kind,
    displayName: displayName(customer),
    salutation: customer.salutation,
    firstName: customer.firstName,
    lastName: customer.lastName,
    companyName: customer.companyName,
    email: customer.email,
    phone: customer.phone,
    address: customer.address,
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
}

/** Customers that look like one person, with every reason; the oldest first, the natural one to keep. */
export const DuplicateListSchema = z.object({
  items: z
    .array(
      z.object({
        reasons: z.array(z.enum(DUPLICATE_REASONS)).readonly(),
        customers: z.array(CustomerViewSchema).readonly(),
      }),
    )
    .readonly(),
});
export type DuplicateListView = z.output<typeof DuplicateListSchema>;

/** The groups of likely duplicates as every host shows them. */
export function toDuplicateListView(groups: readonly DuplicateCandidates[]): DuplicateListView {
  return { items: groups.map((group) => ({ reasons: group.reasons, customers: group.customers.map(toCustomerView) })) };
}

/** A page of customers as every host shows it. */
export function toCustomerPageView(page: { readonly items: readonly Customer[]; readonly nextCursor: string | null }): { items: CustomerView[]; nextCursor: string | null } {
  return { items: page.items.map(toCustomerView), nextCursor: page.nextCursor };
}
