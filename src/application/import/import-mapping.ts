import { z } from "zod";
import { invalid, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { normalizeName } from "../../domain/shared/text.js";

export const IMPORT_TYPES = ["inquiries", "customers"] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];

/** The fields of a customer a column can fill; inquiries accept these and the inquiry fields below. */
export const CUSTOMER_FIELDS = [
  "salutation",
  "name",
  "firstName",
  "lastName",
  "companyName",
  "email",
  "phone",
  "mobile",
  "street",
  "zipcode",
  "city",
  "countryCode",
] as const;

export const INQUIRY_FIELDS = [
  "externalId",
  "title",
  ...CUSTOMER_FIELDS,
  "status",
  "source",
  "expectedValue",
  "probability",
  "urgency",
  "assignee",
  "followUpDate",
  "expectedCloseDate",
  "desiredStartDate",
  "category",
  "budgetMin",
  "budgetMax",
  "tags",
  "notes",
] as const;

export type ImportField = (typeof INQUIRY_FIELDS)[number];

/** Columns that identify the customer; a mapping without one of them could not import a single row. */
const IDENTITY_FIELDS: readonly ImportField[] = ["email", "name", "firstName", "lastName", "companyName"];

/** Header spellings seen in German and English exports (Outlook, Excel, CRMs), compared by {@link headerKey}. */
const SYNONYMS: Readonly<Record<ImportField, readonly string[]>> = {
  externalId: ["ID", "Externe ID", "External ID", "Anfrage-Nr.", "Anfragenummer", "Nummer", "Nr.", "Referenz", "Ref"],
  title: ["Titel", "Title", "Betreff", "Subject", "Anfrage", "Projekt", "Bezeichnung"],
  salutation: ["Anrede", "Salutation"],
  name: ["Name", "Kontakt", "Kontaktname", "Ansprechpartner", "Contact", "Full Name", "Vollständiger Name"],
  firstName: ["Vorname", "First Name", "Firstname", "Given Name"],
  lastName: ["Nachname", "Last Name", "Lastname", "Surname", "Familienname"],
  companyName: ["Firma", "Firmenname", "Unternehmen", "Company", "Organisation", "Organization"],
  email: ["E-Mail", "Email", "Mail", "E-Mail-Adresse", "E-Mail Address", "Email Address"],
  phone: ["Telefon", "Tel.", "Telefonnummer", "Phone", "Telephone", "Festnetz", "Telefon geschäftlich", "Business Phone"],
  mobile: ["Mobil", "Mobiltelefon", "Mobilnummer", "Handy", "Mobile", "Mobile Phone"],
  street: ["Straße", "Str.", "Strasse", "Straße und Hausnummer", "Adresse", "Anschrift", "Street", "Address"],
  zipcode: ["PLZ", "Postleitzahl", "ZIP", "Zipcode", "Zip Code", "Postal Code", "Postcode"],
  city: ["Ort", "Stadt", "Wohnort", "City", "Town"],
  countryCode: ["Land", "Ländercode", "Country", "Country Code"],
  status: ["Status"],
  source: ["Quelle", "Herkunft", "Kanal", "Source"],
  expectedValue: ["Erwarteter Wert", "Wert", "Auftragswert", "Betrag", "Volumen", "Expected Value", "Value", "Amount"],
  probability: ["Wahrscheinlichkeit", "Chance", "Probability"],
  urgency: ["Dringlichkeit", "Priorität", "Prioritaet", "Urgency", "Priority"],
  assignee: ["Zuständig", "Zuständiger", "Zuständigkeit", "Bearbeiter", "Verantwortlich", "Mitarbeiter", "Assignee", "Owner"],
  followUpDate: ["Nachfassen", "Nachfass-Datum", "Nachfassdatum", "Wiedervorlage", "Follow-up", "Follow-up Date"],
  expectedCloseDate: ["Erwarteter Abschluss", "Abschlussdatum", "Abschluss", "Expected Close", "Expected Close Date", "Close Date"],
  desiredStartDate: ["Gewünschter Start", "Wunschtermin", "Startdatum", "Baubeginn", "Desired Start", "Start Date"],
  category: ["Kategorie", "Projekt-Kategorie", "Projektkategorie", "Gewerk", "Category"],
  budgetMin: ["Budget min", "Budget von", "Budget ab", "Min Budget", "Budget Min."],
  budgetMax: ["Budget max", "Budget bis", "Budget", "Max Budget", "Budget Max."],
  tags: ["Tags", "Schlagworte", "Stichworte", "Labels", "Kategorien"],
  notes: ["Notizen", "Notiz", "Bemerkung", "Bemerkungen", "Anmerkungen", "Beschreibung", "Kommentar", "Notes", "Description"],
};

/** "E-Mail", "email" and "E‑Mail " are one header; so are "Straße", "Strasse" and "STRASSE". */
export function headerKey(header: string): string {
  return normalizeName(header).replace(/[^a-z0-9]/g, "");
}

const FIELD_BY_HEADER_KEY: ReadonlyMap<string, ImportField> = new Map(
  (Object.entries(SYNONYMS) as Array<[ImportField, readonly string[]]>).flatMap(([field, names]) =>
    [field, ...names].map((name) => [headerKey(name), field] as const),
  ),
);

/**
 * Words German (and English) exports add to a known header without changing its meaning:
 * "Nachfassen am", "Wiedervorlage Datum", "Wert (EUR)", "Wahrscheinlichkeit in %", "Telefon Nr.".
 * Symbols such as "€" and "%" vanish in {@link headerKey} anyway.
 */
const FILLER_WORDS: ReadonlySet<string> = new Set([
  "am", "um", "vom", "zum", "zur", "per", "datum", "date", "on",
  "eur", "euro", "euros", "in", "prozent", "percent", "pct", "netto", "brutto",
  "nr", "no", "nummer", "number", "ca", "inkl", "zzgl",
]);

/** The field a header names: by its own key first, then with the filler words left out. */
export function fieldOfHeader(header: string): ImportField | undefined {
  const exact = FIELD_BY_HEADER_KEY.get(headerKey(header));
  if (exact) return exact;
  const words = normalizeName(header).split(/[^a-z0-9]+/).filter((word) => word !== "");
  const meaningful = words.filter((word) => !FILLER_WORDS.has(word));
  if (meaningful.length === 0 || meaningful.length === words.length) return undefined;
  return FIELD_BY_HEADER_KEY.get(meaningful.join(""));
}

export function fieldsFor(type: ImportType): readonly ImportField[] {
  return type === "customers" ? CUSTOMER_FIELDS : INQUIRY_FIELDS;
}

/**
 * Which column fills which field; `null` ignores a column. The same JSON `--print-mapping`
 * prints, so it can be saved, edited and passed back with `--map`.
 */
export const ImportMappingInput = z.strictObject({
  type: z.enum(IMPORT_TYPES).optional(),
  columns: z.record(z.string(), z.enum(INQUIRY_FIELDS).nullable()),
  /** Informational parts of the printed mapping, accepted back unchanged. */
  unmapped: z.array(z.string()).optional(),
  sample: z.unknown().optional(),
});
export type ImportMappingInput = z.input<typeof ImportMappingInput>;

/** A mapping checked against one file's header: each mapped field points at one column index. */
export interface ResolvedMapping {
  readonly headers: readonly string[];
  readonly columnOf: ReadonlyMap<ImportField, number>;
}

/** The mapping a user would pick by hand: every header that names a known field, each field once. */
export function suggestMapping(headers: readonly string[], type: ImportType): Record<string, ImportField | null> {
  const allowed = new Set(fieldsFor(type));
  const taken = new Set<ImportField>();
  // Headers come from the file: a null-prototype object keeps "constructor" or "__proto__" ordinary names.
  const columns = Object.create(null) as Record<string, ImportField | null>;
  for (const header of headers) {
    if (header.trim() === "" || Object.hasOwn(columns, header)) continue;
    const field = fieldOfHeader(header);
    if (field && allowed.has(field) && !taken.has(field)) {
      taken.add(field);
      columns[header] = field;
    } else {
      columns[header] = null;
    }
  }
  return columns;
}

/** Checks a mapping against the file's header; a mistake here is fatal, since every row would fail alike. */
export function resolveMapping(
  headers: readonly string[],
  columns: Readonly<Record<string, ImportField | null>>,
  type: ImportType,
): Result<ResolvedMapping, Failure> {
  const allowed = new Set(fieldsFor(type));
  const columnOf = new Map<ImportField, number>();
  for (const [header, field] of Object.entries(columns)) {
    if (field === null) continue;
    const index = headers.indexOf(header);
    if (index < 0) return err(invalid(`columns.${header}`, `is not a column of this file (columns: ${headers.join(", ")})`));
    if (!allowed.has(field)) return err(invalid(`columns.${header}`, `"${field}" is not a field of ${type}`));
    if (columnOf.has(field)) return err(invalid(`columns.${header}`, `"${field}" is already filled by another column`));
    columnOf.set(field, index);
  }
  if (!IDENTITY_FIELDS.some((field) => columnOf.has(field))) {
    return err(invalid("columns", "no column is mapped to an e-mail address or a name, so no customer could be found or created"));
  }
  return ok({ headers, columnOf });
}
