import { describe, expect, it } from "vitest";
import { readableIssues } from "../../src/adapters/accounting/lexoffice/lexoffice-issues.js";

describe("Lexware Office validation answers in words", () => {
  it("reads the IssueList shape, naming the field and the problem", () => {
    expect(
      readableIssues({
        IssueList: [
          { i18nKey: "missing_entity", source: "company.name", type: "validation_failure" },
          { i18nKey: "value_too_long", source: "title", type: "validation_failure" },
          { i18nKey: "something_new", source: "x.y", type: "validation_failure" },
        ],
      }),
    ).toEqual(["Firmenname (company.name) fehlt", "Dealname (title) ist zu lang", "x.y wurde abgelehnt (something_new)"]);
  });

  it("reads the newer details shape", () => {
    expect(readableIssues({ message: "Validation failed", details: [{ violation: "NOTNULL", field: "person.lastName", message: "darf nicht leer sein" }] })).toEqual([
      "Nachname (person.lastName) darf nicht leer sein",
    ]);
  });

  it("still gives a reason when the answer names none", () => {
    expect(readableIssues(undefined)).toEqual(["Lexware Office hat die Daten abgelehnt"]);
    expect(readableIssues({ message: "nope" })).toEqual(["Lexware Office hat die Daten abgelehnt: nope"]);
  });
});
