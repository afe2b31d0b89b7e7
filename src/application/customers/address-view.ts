import { z } from "zod";
import type { Address } from "../../domain/customer/address.js";
import type { Assert, SameShape } from "../shared/view-schemas.js";

/** A postal address as every view shows it (customers and inquiries). */
export const AddressViewSchema = z.object({
  street: z.string().nullable(),
  zipcode: z.string().nullable(),
  city: z.string().nullable(),
  countryCode: z.string().nullable().describe("ISO 3166-1 alpha-2, upper case"),
});
export type AddressView = z.output<typeof AddressViewSchema>;
type _AddressViewIsTheDomainAddress = Assert<SameShape<AddressView, Address>>;
