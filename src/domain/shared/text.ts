/** E-mail addresses are compared trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const GERMAN_FOLDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/ä/g, "ae"],
  [/ö/g, "oe"],
  [/ü/g, "ue"],
  [/ß/g, "ss"],
];

/**
 * A key under which two spellings of one name compare equal: case, surrounding and repeated
 * whitespace, and accents are ignored, and German umlauts fold to their two-letter spelling
 * so that "Müller", "Mueller" and "MÜLLER" are one name.
 */
export function normalizeName(name: string): string {
  return foldSpelling(name)
    .replace(/[\s\u00a0]+/g, " ")
    .trim();
}

/**
 * Case, accents and German umlauts folded the way names are matched ("Müller" → "mueller"),
 * whitespace kept: text search folds both the searched text and the search term with it, so
 * "mueller" finds "Müller" and "jürgen" finds "Juergen", as matching would.
 */
export function foldSpelling(text: string): string {
  let folded = text.toLowerCase();
  for (const [pattern, replacement] of GERMAN_FOLDS) folded = folded.replace(pattern, replacement);
  return folded.normalize("NFD").replace(/\p{M}+/gu, "");
}

/** Pragmatic address check: one @, a dot in the domain, no whitespace. RFC 5322 allows more, senders never need it. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) && value.length <= 254;
}

/** Lower-cased label used to find catalog entries case-insensitively ("website" finds "Website"). */
export function catalogKey(label: string): string {
  return label.trim().replace(/\s+/g, " ").toLowerCase();
}
