import { describe, expect, it } from "vitest";
import { markFailed, markRejected, markSent, newAccountingSync, readyToResend, resendRefusal, type AccountingSync } from "../../src/domain/accounting/accounting-sync.js";
import { buildQuoteDraft, type WonInquiryFacts } from "../../src/domain/accounting/quote-draft.js";

const facts: WonInquiryFacts = {
  inquiryId: "inq-1",
  title: "Gaube",
  category: null,
  expectedValueCents: 700_000,
  customer: { kind: "person", salutation: null, firstName: "Jan", lastName: "Ziegler", companyName: null, email: "jan@example.org", phone: null, address: { street: "Am Hang 1", zipcode: "30167", city: "Hannover", countryCode: "DE" } },
};
const at = new Date("2026-12-01T08:00:00Z");
const later = new Date("2026-12-02T08:00:00Z");

function refused(): AccountingSync {
  const sync = newAccountingSync(buildQuoteDraft(facts, 16), { workspaceId: "w", customerId: "c-1", provider: "lexoffice" }, at);
  return markRejected({ ...sync, remoteContactId: "contact-1", quoteRequested: true, attempts: 1 }, ["Steuersatz ist ungültig"], at);
}

describe("which quote drafts can be sent again", () => {
  it("only one the accounting system refused: it exists nowhere there", () => {
    expect(resendRefusal(refused())).toBeNull();
  });

  it("not one that exists there, sent whole or with placeholders: it is corrected there", () => {
    const sent = markSent(refused(), "quote-1", at);
    expect(resendRefusal(sent)).toMatch(/exists in the accounting system \(quote-1\)/);
    const withPlaceholders = markSent(newAccountingSync(buildQuoteDraft({ ...facts, expectedValueCents: null }, 19), { workspaceId: "w", customerId: "c-1", provider: "lexoffice" }, at), "quote-2", at);
    expect(withPlaceholders.status).toBe("needs_review");
    expect(resendRefusal(withPlaceholders)).toMatch(/quote-2/);
  });

  it("not a failed or queued one: the outbox sends those by itself", () => {
    expect(resendRefusal(markFailed(refused(), "HTTP 503", at))).toMatch(/retried through the outbox/);
    expect(resendRefusal(newAccountingSync(buildQuoteDraft(facts, 19), { workspaceId: "w", customerId: "c-1", provider: "lexoffice" }, at))).toMatch(/queued/);
  });
});

describe("a refused draft made ready to go again", () => {
  it("is pending with the new draft and without the old objections", () => {
    const draft = buildQuoteDraft(facts, 19);
    const ready = readyToResend(refused(), draft, "c-1", later);
    expect(ready).toMatchObject({ status: "pending", reason: null, reviewReasons: [], quoteRequested: false, remoteQuoteId: null, attempts: 1, updatedAt: later.toISOString() });
    expect(ready.draft.lineItem.taxRatePercent).toBe(19);
    expect(resendRefusal(ready)).toMatch(/queued/);
  });

  it("keeps the contact found before while the contact is the same (its stored fields may come back in another order)", () => {
    const old = refused();
    const reversed = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).reverse()) as T;
    const contact = { ...reversed(old.draft.contact), address: reversed(old.draft.contact.address) };
    const stored = { ...old, draft: { ...old.draft, contact } };
    expect(readyToResend(stored, buildQuoteDraft(facts, 19), "c-1", later).remoteContactId).toBe("contact-1");
  });

  it("matches the contact again when staff corrected it or the inquiry has another customer", () => {
    const corrected = buildQuoteDraft({ ...facts, customer: { ...facts.customer, lastName: "Zieger" } }, 19);
    expect(readyToResend(refused(), corrected, "c-1", later).remoteContactId).toBeNull();
    const moved = readyToResend({ ...refused(), customerDeletedAt: at.toISOString() }, buildQuoteDraft(facts, 19), "c-2", later);
    expect(moved).toMatchObject({ remoteContactId: null, customerId: "c-2", customerDeletedAt: null });
  });
});
