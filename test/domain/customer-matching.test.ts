import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newCustomer, splitPersonName, type CustomerFacts } from "../../src/domain/customer/customer.js";
import { decideCustomerMatch } from "../../src/domain/customer/matching.js";

const now = new Date("2026-11-25T09:00:00Z");
const customer = (id: string, facts: CustomerFacts) => newCustomer(id, "ws", facts, now);

describe("customer matching", () => {
  const mueller = customer("c1", { firstName: "Hans", lastName: "Müller", email: "hans@mueller.de" });

  it("matches a customer by e-mail ignoring case and surrounding spaces", () => {
    const decision = decideCustomerMatch({ email: "  HANS@Mueller.DE " }, { byEmail: mueller, byName: [] });
    expect(decision).toEqual({ kind: "email", customer: mueller });
  });

  it("prefers the e-mail match over a name match", () => {
    const other = customer("c2", { firstName: "Hans", lastName: "Müller" });
    const decision = decideCustomerMatch({ firstName: "Hans", lastName: "Müller", email: "hans@mueller.de" }, { byEmail: mueller, byName: [other] });
    expect(decision.kind).toBe("email");
  });

  it("matches by name when exactly one customer has that name and no different e-mail", () => {
    const noEmail = customer("c3", { firstName: "Hans", lastName: "Mueller" });
    const decision = decideCustomerMatch({ firstName: "HANS", lastName: "MÜLLER", email: "new@example.org" }, { byEmail: null, byName: [noEmail] });
    expect(decision).toEqual({ kind: "name", customer: noEmail });
  });

  it("does not match by name when that customer has a different e-mail", () => {
    const decision = decideCustomerMatch({ firstName: "Hans", lastName: "Müller", email: "other@example.org" }, { byEmail: null, byName: [mueller] });
    expect(decision).toEqual({ kind: "create" });
  });

  it("creates a new customer rather than guess between two namesakes", () => {
    const a = customer("a", { firstName: "Hans", lastName: "Müller" });
    const b = customer("b", { firstName: "Hans", lastName: "Müller" });
    expect(decideCustomerMatch({ firstName: "Hans", lastName: "Müller" }, { byEmail: null, byName: [a, b] })).toEqual({ kind: "create" });
  });

  it("matches companies by company name", () => {
    const firm = customer("f", { companyName: "Dachdeckerei Schäfer GmbH" });
    const decision = decideCustomerMatch({ companyName: "dachdeckerei schaefer gmbh" }, { byEmail: null, byName: [firm] });
    expect(decision).toEqual({ kind: "name", customer: firm });
  });

  it("creates when nothing is known to match", () => {
    expect(decideCustomerMatch({ email: "new@example.org" }, { byEmail: null, byName: [] })).toEqual({ kind: "create" });
  });

  it("is insensitive to the case and umlaut spelling of the name", () => {
    const stored = customer("s", { firstName: "Jürgen", lastName: "Größ" });
    fc.assert(
      fc.property(fc.constantFrom("Jürgen Größ", "JUERGEN GROESS", "juergen  größ", "JÜRGEN GRÖSS"), (spelling) => {
        const { firstName, lastName } = splitPersonName(spelling);
        return decideCustomerMatch({ firstName, lastName }, { byEmail: null, byName: [stored] }).kind === "name";
      }),
    );
  });
});

describe("splitting a contact name", () => {
  it("takes the last word as the last name", () => {
    expect(splitPersonName("Max Peter Mustermann")).toEqual({ firstName: "Max Peter", lastName: "Mustermann" });
    expect(splitPersonName("Mustermann")).toEqual({ firstName: null, lastName: "Mustermann" });
    expect(splitPersonName("  ")).toEqual({ firstName: null, lastName: null });
  });
});
