import type { Cents } from "../shared/money.js";
import {
  addressOrPlaceholder,
  companyNameFor,
  personNameFor,
  truncateDealName,
  type AddressField,
  type ChosenName,
  type PostalAddress,
} from "./field-rules.js";

/** The standard German VAT rate, used until a workspace sets its own. */
export const DEFAULT_VAT_RATE_PERCENT = 19;

/** A contact as an accounting system needs it: every required field filled. */
export type AccountingContact =
  | {
      readonly kind: "company";
      readonly companyName: string;
      readonly email: string | null;
      readonly phone: string | null;
      readonly address: PostalAddress;
    }
  | {
      readonly kind: "person";
      readonly salutation: string | null;
      readonly firstName: string | null;
      readonly lastName: string;
      readonly email: string | null;
      readonly phone: string | null;
      readonly address: PostalAddress;
    };

export interface QuoteLineItem {
  /** The inquiry's title, whole. */
  readonly name: string;
  /** The inquiry's category. */
  readonly description: string | null;
  readonly quantity: 1;
  readonly netAmountCents: Cents;
  readonly taxRatePercent: number;
}

/** What is sent to the accounting system for one won inquiry, and what of it needs a look. */
export interface QuoteDraft {
  readonly inquiryId: string;
  /**
   * Written into the quote so a retry can recognise a quote it created before an answer was
   * lost; the inquiry id makes the bridge idempotent per inquiry.
   */
  readonly reference: string;
  /** The deal name, at most 25 characters. */
  readonly title: string;
  readonly contact: AccountingContact;
  readonly lineItem: QuoteLineItem;
  /** Fields Leadport did not have; a placeholder stands in for them. Non-empty → review needed. */
  readonly missingFields: readonly string[];
  /** What was changed to fit the accounting system, in words (German, as the quote). */
  readonly adjustments: readonly string[];
}

/** What the bridge reads of a won inquiry and its customer. */
export interface WonInquiryFacts {
  readonly inquiryId: string;
  readonly title: string;
  readonly category: string | null;
  readonly expectedValueCents: Cents | null;
  readonly customer: {
    readonly kind: "person" | "company";
    readonly salutation: string | null;
    readonly firstName: string | null;
    readonly lastName: string | null;
    readonly companyName: string | null;
    readonly email: string | null;
    readonly phone: string | null;
    readonly address: Partial<Record<AddressField, string | null>> | null;
  };
}

const SOURCE_WORDS: Readonly<Record<ChosenName["source"], string>> = {
  companyName: "Firmenname",
  domain: "Domain",
  emailDomain: "Domain der E-Mail-Adresse",
  lastName: "Nachname",
  firstName: "Vorname",
  email: "E-Mail-Adresse",
  placeholder: "Platzhalter",
};

export const quoteReference = (inquiryId: string): string => `Leadport-Anfrage ${inquiryId}`;

/** Applies every field rule of seed 003 to one won inquiry. */
export function buildQuoteDraft(facts: WonInquiryFacts, vatRatePercent: number): QuoteDraft {
  const missing: string[] = [];
  const adjustments: string[] = [];
  const { customer } = facts;

  const placed = addressOrPlaceholder(customer.address);
  if (placed.missing.length > 0) {
    missing.push(...placed.missing.map((field) => `address.${field}`));
    adjustments.push(`Adresse unvollständig (${placed.missing.join(", ")}): Musterfirma-Vorlage verwendet`);
  }

  let contact: AccountingContact;
  if (customer.kind === "company") {
    const name = companyNameFor({ companyName: customer.companyName, email: customer.email });
    if (name.source !== "companyName") {
      missing.push("companyName");
      adjustments.push(`Firmenname fehlt: ${SOURCE_WORDS[name.source]} „${name.value}“ verwendet`);
    }
    contact = { kind: "company", companyName: name.value, email: customer.email, phone: customer.phone, address: placed.address };
  } else {
    const name = personNameFor(customer);
    if (name.lastName.source !== "lastName") {
      missing.push("lastName");
      adjustments.push(`Nachname fehlt: ${SOURCE_WORDS[name.lastName.source]} „${name.lastName.value}“ als Nachname verwendet`);
    }
    contact = {
      kind: "person",
      salutation: customer.salutation,
      firstName: name.firstName,
      lastName: name.lastName.value,
      email: customer.email,
      phone: customer.phone,
      address: placed.address,
    };
  }

  const title = truncateDealName(facts.title);
  if (title !== facts.title.trim()) adjustments.push(`Dealname auf 25 Zeichen gekürzt: „${title}“`);

  if (facts.expectedValueCents === null) {
    missing.push("expectedValue");
    adjustments.push("Kein erwarteter Wert: Position mit 0,00 € angelegt");
  }

  return {
    inquiryId: facts.inquiryId,
    reference: quoteReference(facts.inquiryId),
    title,
    contact,
    lineItem: {
      name: facts.title.trim(),
      description: facts.category,
      quantity: 1,
      netAmountCents: facts.expectedValueCents ?? 0,
      taxRatePercent: vatRatePercent,
    },
    missingFields: missing,
    adjustments,
  };
}

/** A VAT rate a workspace may set: 0 to 100 percent with at most two decimals (7, 19, 0). */
export function isVatRatePercent(value: number): boolean {
  return Number.isFinite(value) && value >= 0 && value <= 100 && Math.abs(Math.round(value * 100) - value * 100) < 1e-9;
}

/**
 * How an accounting system finds an existing contact: by e-mail first where it can search by it,
 * then by first and last name (persons) or company name. Two different people with the same
 * name therefore end up as one contact (a limitation the seed names).
 */
export interface ContactMatch {
  readonly email: string | null;
  readonly kind: "person" | "company";
  readonly firstName: string | null;
  /** The last name for persons, the company name for companies. */
  readonly name: string;
}

export function contactMatchOf(contact: AccountingContact): ContactMatch {
  return contact.kind === "company"
    ? { email: contact.email, kind: "company", firstName: null, name: contact.companyName }
    : { email: contact.email, kind: "person", firstName: contact.firstName, name: contact.lastName };
}

/** Names compare by trimmed, case-folded text, as a person reading them would. */
export function sameName(a: string | null, b: string | null): boolean {
  const fold = (value: string | null) => (value ?? "").trim().replace(/\s+/g, " ").toLocaleLowerCase("de");
  return fold(a) === fold(b);
}
