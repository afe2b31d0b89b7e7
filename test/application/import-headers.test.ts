import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fieldOfHeader, suggestMapping } from "../../src/application/import/import-mapping.js";

describe("header recognition tolerates the words German exports add", () => {
  it.each([
    ["Nachfassen am", "followUpDate"],
    ["Wiedervorlage Datum", "followUpDate"],
    ["Datum Wiedervorlage", "followUpDate"],
    ["Erwarteter Wert (EUR)", "expectedValue"],
    ["Auftragswert €", "expectedValue"],
    ["Betrag in EUR", "expectedValue"],
    ["Wahrscheinlichkeit in %", "probability"],
    ["Chance %", "probability"],
    ["Telefon Nr.", "phone"],
    ["Abschluss am", "expectedCloseDate"],
    ["Anfrage-Nr.", "externalId"],
    ["Budget bis (EUR)", "budgetMax"],
  ])("reads %j as %s", (header, field) => {
    expect(fieldOfHeader(header)).toBe(field);
    expect(suggestMapping([header, "E-Mail"], "inquiries")[header]).toBe(field);
  });

  it("does not read filler words alone, or unknown words beside them, as a field", () => {
    for (const header of ["Datum", "am", "EUR", "in %", "Erstellt am", "Kunden-Nr.", "Geändert Datum"]) {
      expect(fieldOfHeader(header), header).toBeUndefined();
    }
  });

  it("keeps recognising a known header whatever filler words and symbols surround it", () => {
    const known = fc.constantFrom(
      ["Nachfassen", "followUpDate"],
      ["Erwarteter Wert", "expectedValue"],
      ["Wahrscheinlichkeit", "probability"],
      ["Telefon", "phone"],
      ["Zuständig", "assignee"],
      ["Gewünschter Start", "desiredStartDate"],
    );
    const filler = fc.constantFrom("am", "Datum", "(EUR)", "in %", "€", "Nr.", "in EUR", "%");
    fc.assert(
      fc.property(known, fc.array(filler, { minLength: 1, maxLength: 3 }), fc.array(filler, { maxLength: 1 }), ([header, field], after, before) => {
        return fieldOfHeader([...before, header, ...after].join(" ")) === field;
      }),
    );
  });
});
