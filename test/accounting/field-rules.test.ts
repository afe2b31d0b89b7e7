import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addressOrPlaceholder,
  companyNameFor,
  emailDomain,
  PLACEHOLDER_ADDRESS,
  personNameFor,
  truncateDealName,
  TRUNCATION_MARKER,
} from "../../src/domain/accounting/field-rules.js";
import { buildQuoteDraft, contactMatchOf, isVatRatePercent, sameName, type WonInquiryFacts } from "../../src/domain/accounting/quote-draft.js";
import { markSent, newAccountingSync } from "../../src/domain/accounting/accounting-sync.js";

const chars = (text: string) => [...text].length;

describe("the deal name (at most 25 characters)", () => {
  it("keeps a name that fits", () => {
    expect(truncateDealName("Dachsanierung")).toBe("Dachsanierung");
    expect(truncateDealName("x".repeat(25))).toBe("x".repeat(25));
  });

  it("cuts a 40-character name at a word boundary and marks the cut", () => {
    const name = "Komplettsanierung Dach und Fassade Nord!";
    expect(chars(name)).toBe(40);
    expect(truncateDealName(name)).toBe("Komplettsanierung Dach…");
  });

  it("keeps every whole word that fits exactly", () => {
    expect(truncateDealName("Dachrinne Carport Gaube 12 Nord")).toBe("Dachrinne Carport Gaube…");
  });

  it("cuts inside a word when the last boundary would waste more than half the room", () => {
    expect(truncateDealName("Dach Photovoltaikanlagenmontage")).toBe("Dach Photovoltaikanlagen…");
  });

  it("never exceeds the limit, ends with the marker when cut, and keeps a prefix of the name", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), (name) => {
        const cut = truncateDealName(name);
        const whole = name.trim().replace(/\s+/g, " ");
        expect(chars(cut)).toBeLessThanOrEqual(25);
        if (chars(whole) <= 25) expect(cut).toBe(whole);
        else {
          expect(cut.endsWith(TRUNCATION_MARKER)).toBe(true);
          expect(whole.startsWith(cut.slice(0, -TRUNCATION_MARKER.length))).toBe(true);
        }
      }),
    );
  });

  it("counts characters, not UTF-16 units", () => {
    expect(chars(truncateDealName("🏠".repeat(30)))).toBe(25);
  });
});

describe("a company's name", () => {
  it("is the company name when there is one", () => {
    expect(companyNameFor({ companyName: " Korn GmbH ", email: "a@b.de" })).toEqual({ value: "Korn GmbH", source: "companyName" });
  });
  it("is the domain when only a domain is known", () => {
    expect(companyNameFor({ domain: "https://www.korn-baeckerei.de/", email: "x@other.de" })).toEqual({ value: "korn-baeckerei.de", source: "domain" });
  });
  it("is the e-mail's domain when nothing else is known", () => {
    expect(companyNameFor({ email: "Info@Korn.DE" })).toEqual({ value: "korn.de", source: "emailDomain" });
  });
  it("is the placeholder company with nothing at all", () => {
    expect(companyNameFor({})).toEqual({ value: "Musterfirma", source: "placeholder" });
  });
  it("reads a domain off any e-mail address", () => {
    expect(emailDomain("a@b.c@example.org")).toBe("example.org");
    expect(emailDomain("no-at-sign")).toBeNull();
  });
});

describe("a person's last name", () => {
  it("is the last name when known", () => {
    expect(personNameFor({ firstName: "Erika", lastName: "Musterfrau" })).toEqual({ firstName: "Erika", lastName: { value: "Musterfrau", source: "lastName" } });
  });
  it("is the first name when only that is known", () => {
    expect(personNameFor({ firstName: "Erika", email: "e@x.de" })).toEqual({ firstName: null, lastName: { value: "Erika", source: "firstName" } });
  });
  it("is the e-mail address when only that is known", () => {
    expect(personNameFor({ email: "e@x.de" })).toEqual({ firstName: null, lastName: { value: "e@x.de", source: "email" } });
  });
  it("is never empty", () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.option(fc.string()), fc.option(fc.string()), (firstName, lastName, email) => {
        expect(personNameFor({ firstName, lastName, email }).lastName.value.trim()).not.toBe("");
      }),
    );
  });
});

describe("the address", () => {
  const complete = { street: "Schwarzer Bär 2", zipcode: "30449", city: "Hannover", countryCode: "de" };
  it("is sent as it is when complete", () => {
    expect(addressOrPlaceholder(complete)).toEqual({ address: { ...complete, countryCode: "DE" }, missing: [] });
  });
  it("becomes the placeholder template as a whole when a part is missing, naming the missing parts", () => {
    expect(addressOrPlaceholder({ ...complete, zipcode: " ", countryCode: null })).toEqual({ address: PLACEHOLDER_ADDRESS, missing: ["zipcode", "countryCode"] });
    expect(addressOrPlaceholder(null)).toEqual({ address: PLACEHOLDER_ADDRESS, missing: ["street", "zipcode", "city", "countryCode"] });
    expect(PLACEHOLDER_ADDRESS).toEqual({ street: "Musterstraße 1", zipcode: "12345", city: "Musterstadt", countryCode: "DE" });
  });
});

describe("the quote draft of a won inquiry", () => {
  const facts: WonInquiryFacts = {
    inquiryId: "inq-1",
    title: "Dachsanierung",
    category: "Dach",
    expectedValueCents: 1_850_050,
    customer: { kind: "person", salutation: "Frau", firstName: "Erika", lastName: "Musterfrau", companyName: null, email: "erika@example.org", phone: null, address: { street: "S 2", zipcode: "30449", city: "Hannover", countryCode: "DE" } },
  };

  it("carries the title, value as net amount, category and the workspace's VAT rate", () => {
    const draft = buildQuoteDraft(facts, 7);
    expect(draft.lineItem).toEqual({ name: "Dachsanierung", description: "Dach", quantity: 1, netAmountCents: 1_850_050, taxRatePercent: 7 });
    expect(draft.missingFields).toEqual([]);
    expect(draft.reference).toContain("inq-1");
  });

  it("lists what is missing when it had to use placeholders", () => {
    const draft = buildQuoteDraft({ ...facts, expectedValueCents: null, customer: { ...facts.customer, kind: "company", companyName: null, address: null } }, 19);
    expect(draft.contact).toMatchObject({ kind: "company", companyName: "example.org", address: PLACEHOLDER_ADDRESS });
    expect(draft.missingFields).toEqual(["address.street", "address.zipcode", "address.city", "address.countryCode", "companyName", "expectedValue"]);
    expect(draft.adjustments.join("\n")).toMatch(/Musterfirma-Vorlage/);
  });

  it("is sent but needs review when placeholders were used", () => {
    const incomplete = buildQuoteDraft({ ...facts, customer: { ...facts.customer, address: null } }, 19);
    const sync = newAccountingSync(incomplete, { workspaceId: "w", customerId: "c", provider: "lexoffice" }, new Date(0));
    expect(markSent(sync, "q-1", new Date(0))).toMatchObject({ status: "needs_review", remoteQuoteId: "q-1" });
    const complete = newAccountingSync(buildQuoteDraft(facts, 19), { workspaceId: "w", customerId: "c", provider: "lexoffice" }, new Date(0));
    expect(markSent(complete, "q-2", new Date(0))).toMatchObject({ status: "sent", reason: null });
  });

  it("matches contacts by e-mail first, then by first and last name (same names collapse)", () => {
    expect(contactMatchOf(buildQuoteDraft(facts, 19).contact)).toEqual({ email: "erika@example.org", kind: "person", firstName: "Erika", name: "Musterfrau" });
    expect(sameName(" erika  ", "Erika")).toBe(true);
  });

  it("accepts VAT rates from 0 to 100 with at most two decimals", () => {
    for (const rate of [0, 7, 19, 7.7]) expect(isVatRatePercent(rate)).toBe(true);
    for (const rate of [-1, 101, 19.001, Number.NaN]) expect(isVatRatePercent(rate)).toBe(false);
  });
});
