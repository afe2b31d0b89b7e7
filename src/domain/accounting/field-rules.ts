/**
 * The field rules of the quote-draft bridge (seed 003): what an accounting system such as
 * Lexware Office insists on, and how a Leadport record that does not offer it is made to fit.
 * Pure functions; each one says what it changed so the user can review it.
 */

/** Lexware Office accepts at most 25 characters for the deal name it shows on a quote. */
export const DEAL_NAME_MAX_LENGTH = 25;

/** Appended to a shortened name so nobody mistakes it for the whole one. */
export const TRUNCATION_MARKER = "…";

/** A word boundary is used only when it keeps at least this share of the room: "A …" helps nobody. */
const MIN_WORD_CUT_SHARE = 0.5;

/**
 * Shortens a deal name to `max` characters (counted as Unicode code points), cutting after the
 * last whole word that fits when that keeps at least half of the room, else in the middle of a
 * word, and marking the cut with "…". A name that fits is returned unchanged (trimmed).
 */
export function truncateDealName(name: string, max: number = DEAL_NAME_MAX_LENGTH): string {
  const characters = Array.from(name.trim().replace(/\s+/g, " "));
  if (characters.length <= max) return characters.join("");
  const room = max - Array.from(TRUNCATION_MARKER).length;
  const head = characters.slice(0, room);
  // A space right after the room means the whole head is made of complete words.
  const boundary = characters[room] === " " ? room : head.lastIndexOf(" ");
  const cut = boundary >= Math.ceil(room * MIN_WORD_CUT_SHARE) ? head.slice(0, boundary) : head;
  return `${cut.join("").replace(/[\s,;:.\-–]+$/u, "")}${TRUNCATION_MARKER}`;
}

/** The part after "@", lower case; null when there is no such part. */
export function emailDomain(email: string | null): string | null {
  if (!email) return null;
  const at = email.lastIndexOf("@");
  const domain = at >= 0 ? email.slice(at + 1).trim().toLowerCase() : "";
  return domain === "" ? null : domain;
}

/** Where a value came from, when it is not the field the accounting system asked for. */
export type NameSource = "companyName" | "domain" | "emailDomain" | "lastName" | "firstName" | "email" | "placeholder";

export interface ChosenName {
  readonly value: string;
  readonly source: NameSource;
}

/** The company name placeholder of the seed's "Musterfirma" template. */
export const PLACEHOLDER_COMPANY_NAME = "Musterfirma";
/** A person known by nothing at all; cannot come from Leadport (a customer has an e-mail or a name). */
export const PLACEHOLDER_LAST_NAME = "Unbekannt";

const present = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
};

/**
 * A company contact needs a company name. If only a domain is known it becomes the name; without
 * one the e-mail address's domain does; with neither the placeholder company name.
 */
export function companyNameFor(facts: { companyName?: string | null; domain?: string | null; email?: string | null }): ChosenName {
  const companyName = present(facts.companyName);
  if (companyName) return { value: companyName, source: "companyName" };
  const domain = present(facts.domain)?.toLowerCase().replace(/^https?:\/\//, "").replace(/^www\./, "").replace(/\/.*$/, "");
  if (domain) return { value: domain, source: "domain" };
  const fromEmail = emailDomain(present(facts.email));
  if (fromEmail) return { value: fromEmail, source: "emailDomain" };
  return { value: PLACEHOLDER_COMPANY_NAME, source: "placeholder" };
}

/**
 * A person needs a last name. If only a first name or only an e-mail address is known, that is
 * used as the last name (and the first name is then left empty, so it is not shown twice).
 */
export function personNameFor(facts: { firstName?: string | null; lastName?: string | null; email?: string | null }): {
  readonly firstName: string | null;
  readonly lastName: ChosenName;
} {
  const firstName = present(facts.firstName);
  const lastName = present(facts.lastName);
  if (lastName) return { firstName, lastName: { value: lastName, source: "lastName" } };
  if (firstName) return { firstName: null, lastName: { value: firstName, source: "firstName" } };
  const email = present(facts.email);
  if (email) return { firstName: null, lastName: { value: email, source: "email" } };
  return { firstName: null, lastName: { value: PLACEHOLDER_LAST_NAME, source: "placeholder" } };
}

export interface PostalAddress {
  readonly street: string;
  readonly zipcode: string;
  readonly city: string;
  /** ISO 3166-1 alpha-2. */
  readonly countryCode: string;
}

/** The seed's placeholder company template, used whole when the real address is incomplete. */
export const PLACEHOLDER_ADDRESS: PostalAddress = {
  street: "Musterstraße 1",
  zipcode: "12345",
  city: "Musterstadt",
  countryCode: "DE",
};

export const ADDRESS_FIELDS = ["street", "zipcode", "city", "countryCode"] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

/**
 * The address to send: the real one when street, zip code, city and country are all known;
 * otherwise the placeholder template as a whole (a mix of real and invented parts would look
 * real and be wrong), with the missing fields named so the quote is reviewed before it is final.
 */
export function addressOrPlaceholder(address: Partial<Record<AddressField, string | null>> | null | undefined): {
  readonly address: PostalAddress;
  readonly missing: readonly AddressField[];
} {
  const missing = ADDRESS_FIELDS.filter((field) => present(address?.[field]) === null);
  if (missing.length > 0 || !address) return { address: PLACEHOLDER_ADDRESS, missing };
  return {
    address: {
      street: present(address.street) as string,
      zipcode: present(address.zipcode) as string,
      city: present(address.city) as string,
      countryCode: (present(address.countryCode) as string).toUpperCase(),
    },
    missing: [],
  };
}
