/** Money is held as integer euro cents; floating point never reaches storage. */
export type Cents = number;

/** Converts a euro amount with at most two decimals (49.9 → 4990). Returns null for anything else. */
export function eurosToCents(euros: number): Cents | null {
  if (!Number.isFinite(euros)) return null;
  const cents = Math.round(euros * 100);
  if (Math.abs(cents - euros * 100) > 1e-6 * Math.max(1, Math.abs(euros * 100))) return null;
  if (!Number.isSafeInteger(cents)) return null;
  return cents;
}

export function centsToEuros(cents: Cents): number {
  return cents / 100;
}

const GERMAN_EURO = new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" });
const ENGLISH_EURO = new Intl.NumberFormat("en-IE", { style: "currency", currency: "EUR" });

/** "49,90 €" in German, "€49.90" in English. */
export function formatEuros(cents: Cents, locale: "de" | "en" = "de"): string {
  return (locale === "de" ? GERMAN_EURO : ENGLISH_EURO).format(cents / 100).replace(/\u00a0/g, " ");
}
