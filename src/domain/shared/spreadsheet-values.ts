/*
 * Reading numbers and dates the way German spreadsheets and their CSV exports write them.
 * Pure functions: an import converts cell text with these before the use case validates it.
 */

const THOUSANDS_DOTS = /^\d{1,3}(\.\d{3})+$/;
/** English grouping is recognised only together with a decimal point: "1,250" stays German (1.25). */
const THOUSANDS_COMMAS = /^\d{1,3}(,\d{3})+\.\d+$/;

/**
 * A number written as "12.500,50", "12500,5", "1.250", "-3,2", "12,500.50" or "12500.50", with
 * an optional euro sign or percent sign and spaces. A lone dot followed by exactly three digits
 * is a thousands separator ("1.250" = 1250), as in every German export; anything else
 * unparseable gives null.
 */
export function parseGermanNumber(text: string): number | null {
  let cleaned = text.replace(/[\s\u00a0\u202f€%]|EUR/g, "");
  let sign = 1;
  if (cleaned.startsWith("-") || cleaned.startsWith("−")) {
    sign = -1;
    cleaned = cleaned.slice(1);
  } else if (cleaned.startsWith("+")) {
    cleaned = cleaned.slice(1);
  }
  if (cleaned === "") return null;
  let normalized: string;
  if (cleaned.includes(",") && !THOUSANDS_COMMAS.test(cleaned)) {
    // Decimal comma: dots may only group thousands in the integer part.
    const [integer = "", fraction, extra] = cleaned.split(",");
    if (extra !== undefined || fraction === undefined || !/^\d+$/.test(fraction)) return null;
    if (integer.includes(".") && !THOUSANDS_DOTS.test(integer)) return null;
    normalized = `${integer.replace(/\./g, "") || "0"}.${fraction}`;
  } else if (cleaned.includes(",")) {
    normalized = cleaned.replace(/,/g, "");
  } else if (THOUSANDS_DOTS.test(cleaned)) {
    normalized = cleaned.replace(/\./g, "");
  } else {
    normalized = cleaned;
  }
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(normalized)) return null;
  return sign * Number(normalized);
}

/** Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in); 2958465 is 9999-12-31. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
const MAX_EXCEL_SERIAL = 2_958_465;

/** An Excel serial day number (46387 = 2026-12-31) as `YYYY-MM-DD`; fractions (a time of day) are dropped. */
export function excelSerialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > MAX_EXCEL_SERIAL) return null;
  return new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10);
}

function calendarDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A date as "31.12.2026" (also "1.2.26", two-digit years meaning 20xx), ISO "2026-12-31" (a time
 * part is ignored) or an Excel serial number, as `YYYY-MM-DD`; null when it is none of these.
 */
export function parseSpreadsheetDate(text: string): string | null {
  const trimmed = text.trim();
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(trimmed);
  if (german) {
    const year = Number(german[3]);
    return calendarDate(year < 100 ? 2000 + year : year, Number(german[2]), Number(german[1]));
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(trimmed);
  if (iso) return calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  if (/^\d+([.,]\d+)?$/.test(trimmed)) return excelSerialToDate(Number(trimmed.replace(",", ".")));
  return null;
}
