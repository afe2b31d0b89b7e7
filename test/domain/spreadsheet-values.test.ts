import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { excelSerialToDate, parseGermanNumber, parseSpreadsheetDate } from "../../src/domain/shared/spreadsheet-values.js";

describe("numbers from German spreadsheets", () => {
  it("reads decimal commas and thousands dots", () => {
    expect(parseGermanNumber("12.500,50")).toBe(12500.5);
    expect(parseGermanNumber("12500,5")).toBe(12500.5);
    expect(parseGermanNumber("1.250")).toBe(1250);
    expect(parseGermanNumber("1.250.000")).toBe(1_250_000);
    expect(parseGermanNumber("1,250")).toBe(1.25);
    expect(parseGermanNumber("-3,2")).toBe(-3.2);
    expect(parseGermanNumber("12.500,50 €")).toBe(12500.5);
    expect(parseGermanNumber("60 %")).toBe(60);
  });

  it("also reads plain and English-grouped numbers", () => {
    expect(parseGermanNumber("12500.50")).toBe(12500.5);
    expect(parseGermanNumber("12,500.50")).toBe(12500.5);
    expect(parseGermanNumber("0.5")).toBe(0.5);
  });

  it("refuses text that is not one number", () => {
    for (const text of ["", "abc", "12,5,0", "1.23,4.5", "12.50,00", "--3", "1e5"]) expect(parseGermanNumber(text), text).toBeNull();
  });

  it("reads back every amount German Excel writes", () => {
    const german = new Intl.NumberFormat("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    fc.assert(
      fc.property(fc.integer({ min: -1e11, max: 1e11 }), (cents) => parseGermanNumber(german.format(cents / 100)) === cents / 100),
    );
  });
});

describe("dates from spreadsheets", () => {
  it("reads German, ISO and Excel serial dates", () => {
    expect(parseSpreadsheetDate("31.12.2026")).toBe("2026-12-31");
    expect(parseSpreadsheetDate("1.2.26")).toBe("2026-02-01");
    expect(parseSpreadsheetDate("2026-12-31")).toBe("2026-12-31");
    expect(parseSpreadsheetDate("2026-12-31T10:00:00Z")).toBe("2026-12-31");
    expect(parseSpreadsheetDate("46387")).toBe("2026-12-31");
    expect(excelSerialToDate(46387.75)).toBe("2026-12-31");
    expect(excelSerialToDate(61)).toBe("1900-03-01");
  });

  it("refuses impossible dates", () => {
    for (const text of ["31.02.2026", "2026-13-01", "morgen", "0", "12/31/2026"]) expect(parseSpreadsheetDate(text), text).toBeNull();
  });

  it("round-trips every day between 1900 and 9999 through its German spelling", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1900-03-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }), (date) => {
        const iso = date.toISOString().slice(0, 10);
        const [year, month, day] = iso.split("-");
        return parseSpreadsheetDate(`${day}.${month}.${year}`) === iso;
      }),
    );
  });
});
