import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newCustomer, type CustomerFacts } from "../../src/domain/customer/customer.js";
import { findDuplicates, phoneKey } from "../../src/domain/customer/duplicates.js";
import { mergeCustomerDetails, wasMergedInto } from "../../src/domain/customer/merge.js";

let seq = 0;
const customer = (facts: CustomerFacts, at = "2026-01-01T00:00:00.000Z") =>
  newCustomer(`c${String(++seq).padStart(4, "0")}`, "ws", facts, new Date(Date.parse(at) + seq));

describe("likely duplicates", () => {
  it("groups the same e-mail in any case, the same folded name with zipcode or phone, and names the reasons", () => {
    const a = customer({ firstName: "Jürgen", lastName: "Müller", email: "j.mueller@example.org", address: { zipcode: "30449" }, phone: "+49 511 4711" });
    const b = customer({ firstName: "JUERGEN", lastName: "MUELLER", email: "J.Mueller@Example.org " });
    const c = customer({ firstName: "Jurgen", lastName: "Müller", address: { zipcode: "30 449" } });
    const d = customer({ firstName: "Jürgen", lastName: "Mueller", phone: "0511-4711" });
    const other = customer({ firstName: "Erika", lastName: "Musterfrau", email: "erika@example.org" });
    const groups = findDuplicates([other, d, c, b, a]);
    expect(groups).toContainEqual({ customerIds: [a.id, b.id], reasons: ["same_email"] });
    expect(groups).toContainEqual({ customerIds: [a.id, d.id], reasons: ["same_name_and_phone"] });
    expect(groups.flatMap((g) => g.customerIds)).not.toContain(other.id);
    // "Jurgen" (no umlaut) folds differently from "Jürgen"/"Juergen": not the same name, no name reason with c.
    expect(groups.some((g) => g.customerIds.includes(c.id) && g.reasons.includes("same_name_and_zipcode"))).toBe(false);
  });

  it("offers three name-only namesakes as one group, but not namesakes with different e-mails", () => {
    const three = [1, 2, 3].map(() => customer({ firstName: "Jürgen", lastName: "Müller" }));
    expect(findDuplicates(three)).toEqual([{ customerIds: three.map((c) => c.id), reasons: ["same_name"] }]);
    const apart = [customer({ lastName: "Schmidt", email: "a@example.org" }), customer({ lastName: "Schmidt", email: "b@example.org" })];
    expect(findDuplicates(apart)).toEqual([]);
  });

  it("reads phone numbers with or without the country code as one number", () => {
    expect(phoneKey("+49 (0511) 47-11")).toBe(phoneKey("0511 4711"));
    expect(phoneKey("0049 511 4711")).toBe("05114711");
    expect(phoneKey("12")).toBeNull();
  });

  it("finds any two customers with the same e-mail, whatever the case and surrounding space (property)", () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.boolean(), (email, upper) => {
        const a = customer({ email });
        const b = customer({ email: ` ${upper ? email.toUpperCase() : email} ` });
        expect(findDuplicates([a, b])[0]?.reasons).toContain("same_email");
      }),
    );
  });
});

describe("merged customer details", () => {
  it("keeps what the kept customer knows, fills empty fields from the others in order, and remembers the merged ids", () => {
    const kept = customer({ lastName: "Müller", phone: "0511 1" });
    const first = customer({ firstName: "Jürgen", lastName: "Mueller", email: "jm@example.org", phone: "0511 2" });
    const second = customer({ email: "other@example.org", address: { city: "Hannover" } });
    const merged = mergeCustomerDetails(kept, [first, second], new Date("2026-12-01T00:00:00.000Z"));
    expect(merged).toMatchObject({
      id: kept.id,
      firstName: "Jürgen",
      lastName: "Müller",
      phone: "0511 1",
      email: "jm@example.org",
      emailKey: "jm@example.org",
      nameKey: "juergen mueller",
      address: { city: "Hannover" },
      createdAt: kept.createdAt,
      mergedFrom: [first.id, second.id],
    });
    expect(wasMergedInto(merged, first.id)).toBe(true);
    expect(wasMergedInto(merged, kept.id)).toBe(false);
  });
});
