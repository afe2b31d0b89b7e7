import { sameValue } from "../shared/same-value.js";
import { invalid, type Failure } from "../shared/failure.js";
import { err, ok, type Result } from "../shared/result.js";
import { isEmail } from "../shared/text.js";
import type { Address } from "./address.js";
import { blankToNull, cleanAddress } from "./address.js";
import { hasIdentity, keptHistory, newCustomer, type Customer, type CustomerFacts, type CustomerKind } from "./customer.js";

/** An explicit edit by staff: a field left out keeps its value, `null` clears it. */
export interface CustomerChanges {
  readonly kind?: CustomerKind;
  readonly salutation?: string | null;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly companyName?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly address?: Partial<Address> | null;
}

const pick = <T>(next: T | undefined, current: T): T => (next === undefined ? current : next);

/**
 * Applies an edit and derives the matching keys again, so the customer is found under its new
 * e-mail and name. Returns the same object when nothing changes. A customer must keep an e-mail
 * or a name: otherwise no inquiry could ever be matched to it again.
 */
export function editCustomer(customer: Customer, changes: CustomerChanges, now: Date): Result<Customer, Failure> {
  const email = changes.email === undefined ? customer.email : blankToNull(changes.email);
  if (email !== null && !isEmail(email)) return err(invalid("email", "is not a valid e-mail address"));
  const facts: CustomerFacts = {
    kind: pick(changes.kind, customer.kind),
    salutation: pick(changes.salutation, customer.salutation),
    firstName: pick(changes.firstName, customer.firstName),
    lastName: pick(changes.lastName, customer.lastName),
    companyName: pick(changes.companyName, customer.companyName),
    email,
    phone: pick(changes.phone, customer.phone),
    address: editAddress(customer.address, changes.address),
  };
  if (!hasIdentity(facts)) return err(invalid("email", "a customer needs an e-mail address or a name; both would be empty"));
  const edited = { ...keptHistory(customer), ...newCustomer(customer.id, customer.workspaceId, facts, new Date(customer.createdAt)), updatedAt: customer.updatedAt };
  const changed = changedCustomerFields(customer, edited);
  return ok(changed.length === 0 ? customer : { ...edited, updatedAt: now.toISOString() });
}

const COMPARED: ReadonlyArray<keyof Customer> = [
  "kind",
  "salutation",
  "firstName",
  "lastName",
  "companyName",
  "email",
  "phone",
  "address",
];

/** The public fields that differ, by their API names. */
export function changedCustomerFields(before: Customer, after: Customer): string[] {
  return COMPARED.filter((key) => !sameValue(before[key], after[key])).map((key) => (key === "kind" ? "type" : key));
}

/** An address sent in part changes the parts sent; `null` removes the address. */
function editAddress(current: Address | null, changes: Partial<Address> | null | undefined): Address | null {
  if (changes === undefined) return current;
  if (changes === null) return null;
  return cleanAddress({
    street: pick(changes.street, current?.street ?? null),
    zipcode: pick(changes.zipcode, current?.zipcode ?? null),
    city: pick(changes.city, current?.city ?? null),
    countryCode: pick(changes.countryCode, current?.countryCode ?? null),
  });
}
