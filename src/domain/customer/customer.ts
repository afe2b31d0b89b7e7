import { sameValue } from "../shared/same-value.js";
import { normalizeEmail, normalizeName } from "../shared/text.js";
import { blankToNull, cleanAddress, type Address } from "./address.js";

export type CustomerKind = "person" | "company";

export interface Customer {
  readonly id: string;
  readonly workspaceId: string;
  readonly kind: CustomerKind;
  readonly salutation: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly companyName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly address: Address | null;
  /** Matching keys, derived from the fields above and stored for indexed look-ups. */
  readonly emailKey: string | null;
  readonly nameKey: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Ids of customers merged into this one, so repeating a merge is recognised (see merge.ts). */
  readonly mergedFrom?: readonly string[];
}

/** Whatever an inquiry, ticket or import row tells about the person behind it. */
export interface CustomerFacts {
  readonly kind?: CustomerKind | null;
  readonly salutation?: string | null;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly companyName?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly address?: Partial<Address> | null;
}

export function customerKindOf(facts: CustomerFacts): CustomerKind {
  if (facts.kind) return facts.kind;
  return blankToNull(facts.companyName) ? "company" : "person";
}

/** The name used for matching: the company name for companies, first and last name for persons. */
export function nameKeyOf(facts: CustomerFacts): string | null {
  const kind = customerKindOf(facts);
  const raw =
    kind === "company"
      ? (facts.companyName ?? "")
      : [facts.firstName ?? "", facts.lastName ?? ""].join(" ");
  const key = normalizeName(raw);
  return key === "" ? null : key;
}

export function emailKeyOf(facts: CustomerFacts): string | null {
  const email = blankToNull(facts.email);
  return email ? normalizeEmail(email) : null;
}

export function hasIdentity(facts: CustomerFacts): boolean {
  return emailKeyOf(facts) !== null || nameKeyOf(facts) !== null;
}

export function newCustomer(id: string, workspaceId: string, facts: CustomerFacts, now: Date): Customer {
  const timestamp = now.toISOString();
  return {
    id,
    workspaceId,
    kind: customerKindOf(facts),
    salutation: blankToNull(facts.salutation),
    firstName: blankToNull(facts.firstName),
    lastName: blankToNull(facts.lastName),
    companyName: blankToNull(facts.companyName),
    email: blankToNull(facts.email),
    phone: blankToNull(facts.phone),
    address: cleanAddress(facts.address),
    emailKey: emailKeyOf(facts),
    nameKey: nameKeyOf(facts),
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

/**
 * Fills gaps in a matched customer from new facts without overwriting what staff already know:
 * a customer matched by name gains the e-mail the inquiry brought, one without an address gains it.
 */
export function enrichCustomer(customer: Customer, facts: CustomerFacts, now: Date): Customer {
  const address = customer.address ?? cleanAddress(facts.address);
  const email = customer.email ?? blankToNull(facts.email);
  const enriched: Customer = {
    ...customer,
    salutation: customer.salutation ?? blankToNull(facts.salutation),
    firstName: customer.firstName ?? blankToNull(facts.firstName),
    lastName: customer.lastName ?? blankToNull(facts.lastName),
    companyName: customer.companyName ?? blankToNull(facts.companyName),
    email,
    emailKey: email ? normalizeEmail(email) : null,
    phone: customer.phone ?? blankToNull(facts.phone),
    address,
  };
  const changed = (Object.keys(enriched) as Array<keyof Customer>).some(
    (key) => !sameValue(enriched[key], customer[key]),
  );
  return changed ? { ...enriched, updatedAt: now.toISOString() } : customer;
}

export function displayName(customer: Pick<Customer, "kind" | "companyName" | "firstName" | "lastName" | "email">): string {
  const person = [customer.firstName, customer.lastName].filter(Boolean).join(" ");
  if (customer.kind === "company" && customer.companyName) return customer.companyName;
  return person || customer.companyName || customer.email || "";
}

/** Splits a free-form contact name ("Max Mustermann") into first and last name; the last word is the last name. */
export function splitPersonName(name: string | null | undefined): { firstName: string | null; lastName: string | null } {
  const words = (name ?? "").trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { firstName: null, lastName: null };
  if (words.length === 1) return { firstName: null, lastName: words[0] ?? null };
  return { firstName: words.slice(0, -1).join(" "), lastName: words[words.length - 1] ?? null };
}

/**
 * Overwrites a customer's details with the facts that are given (blank facts keep what is
 * stored), for an explicit update such as `leadport import --update`. Returns the same object
 * when nothing changes.
 */
export function reviseCustomer(customer: Customer, facts: CustomerFacts, now: Date): Customer {
  const given = (next: string | null | undefined, current: string | null) => blankToNull(next) ?? current;
  const address = facts.address
    ? cleanAddress({
        street: given(facts.address.street, customer.address?.street ?? null),
        zipcode: given(facts.address.zipcode, customer.address?.zipcode ?? null),
        city: given(facts.address.city, customer.address?.city ?? null),
        countryCode: given(facts.address.countryCode, customer.address?.countryCode ?? null),
      })
    : customer.address;
  const merged: CustomerFacts = {
    kind: facts.kind ?? customer.kind,
    salutation: given(facts.salutation, customer.salutation),
    firstName: given(facts.firstName, customer.firstName),
    lastName: given(facts.lastName, customer.lastName),
    companyName: given(facts.companyName, customer.companyName),
    email: given(facts.email, customer.email),
    phone: given(facts.phone, customer.phone),
    address,
  };
  const revised = { ...keptHistory(customer), ...newCustomer(customer.id, customer.workspaceId, merged, new Date(customer.createdAt)), updatedAt: customer.updatedAt };
  const changed = (Object.keys(revised) as Array<keyof Customer>).some(
    (key) => !sameValue(revised[key], customer[key]),
  );
  return changed ? { ...revised, updatedAt: now.toISOString() } : customer;
}

/** The part of a customer that a rebuild from facts must carry over: its merge history. */
export function keptHistory(customer: Customer): Pick<Customer, "mergedFrom"> {
  return customer.mergedFrom ? { mergedFrom: customer.mergedFrom } : {};
}
