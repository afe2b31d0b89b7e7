/**
 * Lexware Office answers invalid data with HTTP 406 (some endpoints 400) and a list of issues,
 * in one of two shapes: the older `{ "IssueList": [{ "i18nKey", "source", "type" }] }` and the
 * newer `{ "message", "details": [{ "violation", "field", "message" }] }`. Both become sentences
 * a user can act on: which field, in words, and what is wrong with it.
 */

const FIELD_NAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^company\.name$/, "Firmenname"],
  [/^person\.lastName$/, "Nachname"],
  [/^person\.firstName$/, "Vorname"],
  [/^person\.salutation$/, "Anrede"],
  [/^roles/, "Kontaktrolle"],
  [/addresses\.billing.*\.street$/, "Straße"],
  [/addresses\.billing.*\.zip$/, "Postleitzahl"],
  [/addresses\.billing.*\.city$/, "Ort"],
  [/addresses\.billing.*\.countryCode$/, "Land"],
  [/^emailAddresses/, "E-Mail-Adresse"],
  [/^phoneNumbers/, "Telefonnummer"],
  [/^address\.contactId$/, "Kontakt des Angebots"],
  [/^lineItems.*\.name$/, "Positionsname"],
  [/^lineItems.*\.unitPrice\.netAmount$/, "Nettobetrag"],
  [/^lineItems.*\.unitPrice\.taxRatePercentage$/, "Steuersatz"],
  [/^lineItems/, "Positionen"],
  [/^title$/, "Dealname"],
  [/^expirationDate$/, "Gültig bis"],
  [/^voucherDate$/, "Angebotsdatum"],
  [/^version$/, "Version"],
];

const PROBLEMS: Readonly<Record<string, string>> = {
  missing_entity: "fehlt",
  invalid_value: "ist ungültig",
  not_allowed_value: "hat einen nicht erlaubten Wert",
  not_unique: "ist bereits vergeben",
  value_too_long: "ist zu lang",
  NOTNULL: "darf nicht leer sein",
  NOTEMPTY: "darf nicht leer sein",
  LENGTH: "hat eine unzulässige Länge",
  PATTERN: "hat ein ungültiges Format",
};

export function fieldLabel(source: string): string {
  const label = FIELD_NAMES.find(([pattern]) => pattern.test(source))?.[1];
  return label ? `${label} (${source})` : source;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);

/** Readable reasons from a validation answer; a generic one when the answer names none. */
export function readableIssues(body: unknown): string[] {
  const reasons: string[] = [];
  if (isRecord(body) && Array.isArray(body.IssueList)) {
    for (const issue of body.IssueList) {
      if (!isRecord(issue)) continue;
      const key = text(issue.i18nKey) ?? text(issue.type) ?? "invalid_value";
      const source = text(issue.source);
      const problem = PROBLEMS[key] ?? `wurde abgelehnt (${key})`;
      reasons.push(source ? `${fieldLabel(source)} ${problem}` : `Die Daten wurden abgelehnt: ${problem}`);
    }
  }
  if (isRecord(body) && Array.isArray(body.details)) {
    for (const detail of body.details) {
      if (!isRecord(detail)) continue;
      const field = text(detail.field);
      const problem = text(detail.message) ?? PROBLEMS[text(detail.violation) ?? ""] ?? "wurde abgelehnt";
      reasons.push(field ? `${fieldLabel(field)} ${problem}` : problem);
    }
  }
  if (reasons.length === 0) reasons.push(`Lexware Office hat die Daten abgelehnt${isRecord(body) && text(body.message) ? `: ${text(body.message)}` : ""}`);
  return reasons;
}
