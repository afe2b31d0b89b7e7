import { z } from "zod";
import { AddressInput } from "../shared/address-input.js";

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

/** The editable fields of a customer; `id`, `displayName`, `createdAt` and `updatedAt` are read-only. */
export const UpdateCustomerInput = z.strictObject({
  type: z.enum(["person", "company"]).optional(),
  salutation: text(50).nullish(),
  firstName: text(100).nullish(),
  lastName: text(100).nullish(),
  companyName: text(200).nullish(),
  email: text(254).nullish(),
  phone: text(50).nullish(),
  address: AddressInput.nullish(),
});
export type UpdateCustomerInput = z.input<typeof UpdateCustomerInput>;
