import type { Customer } from "../../domain/customer/customer.js";
import { displayName } from "../../domain/customer/customer.js";

/** The public shape of a customer, identical on every channel. */
export interface CustomerView {
  readonly id: string;
  readonly type: Customer["kind"];
  readonly displayName: string;
  readonly salutation: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly companyName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly address: Customer["address"];
  readonly createdAt: string;
  readonly updatedAt: string;
}

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
