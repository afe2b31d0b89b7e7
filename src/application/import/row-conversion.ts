import { splitPersonName, type CustomerFacts } from "../../domain/customer/customer.js";
import type { FieldIssue } from "../../domain/shared/failure.js";
import { excelSerialToDate, parseGermanNumber, parseSpreadsheetDate } from "../../domain/shared/spreadsheet-values.js";
import type { CreateInquiryInput } from "../inquiries/inquiry-schemas.js";
import type { CellValue, RawRow } from "../ports/row-source.js";
import { headerKey, INQUIRY_FIELDS, type ImportField, type ResolvedMapping } from "./import-mapping.js";

/** What went wrong in one row, named by the field so the report can name the column. */
export interface RowIssue {
  readonly field: ImportField | null;
  readonly message: string;
}

/**
 * A cell as trimmed text; empty cells are null. A leading `'` before a formula character is
 * Excel's mark for "text, not a formula", which exports (ours included) put there to defuse
 * formula injection: it is not part of the value.
 */
export function cellText(cell: CellValue | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  const trimmed = typeof cell === "number" ? String(cell) : cell.trim();
  const text = /^'[=+\-@\t\r]/.test(trimmed) ? trimmed.slice(1) : trimmed;
  return text === "" ? null : text;
}

export function isBlankRow(row: RawRow): boolean {
  return row.cells.every((cell) => cellText(cell) === null);
}

const URGENCY_WORDS: ReadonlyMap<string, "low" | "normal" | "high" | "urgent"> = new Map([
  ...["niedrig", "gering", "low"].map((w) => [w, "low"] as const),
  ...["normal", "mittel", "medium"].map((w) => [w, "normal"] as const),
  ...["hoch", "wichtig", "high"].map((w) => [w, "high"] as const),
  ...["dringend", "sehrhoch", "sofort", "urgent"].map((w) => [w, "urgent"] as const),
]);

const COUNTRY_NAMES: ReadonlyMap<string, string> = new Map([
  ["deutschland", "DE"],
  ["germany", "DE"],
  ["oesterreich", "AT"],
  ["austria", "AT"],
  ["schweiz", "CH"],
  ["switzerland", "CH"],
]);

/** Reads the mapped cells of one row, converting German numbers and dates and collecting what fails. */
class RowReader {
  readonly issues: RowIssue[] = [];

  constructor(
    private readonly mapping: ResolvedMapping,
    private readonly row: RawRow,
  ) {}

  private cell(field: ImportField): CellValue | undefined {
    const index = this.mapping.columnOf.get(field);
    return index === undefined ? undefined : this.row.cells[index];
  }

  text(field: ImportField): string | undefined {
    return cellText(this.cell(field)) ?? undefined;
  }

  number(field: ImportField): number | undefined {
    const cell = this.cell(field);
    if (typeof cell === "number") return cell;
    const text = cellText(cell);
    if (text === null) return undefined;
    const value = parseGermanNumber(text);
    if (value === null) this.issues.push({ field, message: `"${text}" is not a number` });
    return value ?? undefined;
  }

  date(field: ImportField): string | undefined {
    const cell = this.cell(field);
    const text = cellText(cell);
    if (text === null) return undefined;
    const value = typeof cell === "number" ? excelSerialToDate(cell) : parseSpreadsheetDate(text);
    if (value === null) this.issues.push({ field, message: `"${text}" is not a date (DD.MM.YYYY, YYYY-MM-DD or an Excel date)` });
    return value ?? undefined;
  }

  urgency(): CreateInquiryInput["urgency"] {
    const text = this.text("urgency");
    if (text === undefined) return undefined;
    const urgency = URGENCY_WORDS.get(headerKey(text));
    if (!urgency) this.issues.push({ field: "urgency", message: `"${text}" is not an urgency (niedrig, normal, hoch, dringend)` });
    return urgency;
  }

  countryCode(): string | undefined {
    const text = this.text("countryCode");
    return text === undefined ? undefined : (COUNTRY_NAMES.get(headerKey(text)) ?? text);
  }

  /**
   * The key that makes a re-import find the record it made: the mapped id, else a digest of the
   * whole row by column header. It must not depend on the mapping: fixing a mapping and running
   * again with --update has to find the rows the first run imported.
   */
  key(digest: (text: string) => string): string {
    const id = this.text("externalId");
    if (id !== undefined) return id;
    const values = this.mapping.headers
      .map((header, index) => [header, cellText(this.row.cells[index])] as const)
      .filter(([, text]) => text !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `${ROW_KEY_PREFIX}${digest(JSON.stringify(values)).slice(0, 32)}`;
  }

  /** The key releases up to 0.1 gave a row without id: it hashed the mapped cells only. Read for compatibility. */
  legacyKey(digest: (text: string) => string): string | null {
    if (this.text("externalId") !== undefined) return null;
    const values = [...this.mapping.columnOf.keys()].sort().map((field) => [field, cellText(this.cell(field))]);
    return `row:${digest(JSON.stringify(values)).slice(0, 32)}`;
  }
}

function customerFacts(reader: RowReader): CustomerFacts {
  const address = {
    street: reader.text("street"),
    zipcode: reader.text("zipcode"),
    city: reader.text("city"),
    countryCode: reader.countryCode(),
  };
  const hasAddress = Object.values(address).some((part) => part !== undefined);
  return {
    salutation: reader.text("salutation"),
    firstName: reader.text("firstName"),
    lastName: reader.text("lastName"),
    companyName: reader.text("companyName"),
    email: reader.text("email"),
    phone: reader.text("phone") ?? reader.text("mobile"),
    address: hasAddress ? address : undefined,
  };
}

function personName(facts: CustomerFacts, reader: RowReader): string | undefined {
  const joined = [facts.firstName, facts.lastName].filter(Boolean).join(" ");
  return reader.text("name") ?? (joined || facts.companyName || undefined);
}

/** Row keys of rows without an id column; "row:" marks the older, mapping-dependent ones. */
export const ROW_KEY_PREFIX = "rowkey:";

export interface ConvertedRow<T> {
  readonly input: T;
  readonly issues: readonly RowIssue[];
  /** For inquiries: the key an older release gave this row, to find what it imported. */
  readonly legacyKey?: string | null;
}

/** A row as the input of CreateInquiry, the same the API accepts; the row key becomes its external reference. */
export function inquiryInputOf(
  mapping: ResolvedMapping,
  row: RawRow,
  importSource: string,
  digest: (text: string) => string,
): ConvertedRow<CreateInquiryInput> {
  const reader = new RowReader(mapping, row);
  const facts = customerFacts(reader);
  const budgetMin = reader.number("budgetMin");
  const budgetMax = reader.number("budgetMax");
  const probability = reader.number("probability");
  const input: CreateInquiryInput = {
    title: reader.text("title"),
    contact: { name: personName(facts, reader), email: facts.email, phone: facts.phone },
    customer: {
      salutation: facts.salutation,
      firstName: facts.firstName,
      lastName: facts.lastName,
      companyName: facts.companyName,
      email: facts.email,
      phone: facts.phone,
      address: facts.address ?? undefined,
    },
    address: facts.address ?? undefined,
    status: reader.text("status"),
    source: reader.text("source") ?? importSource,
    expectedValue: reader.number("expectedValue"),
    // A share written as 0.6 by a spreadsheet formatted in percent means 60.
    probability: probability !== undefined && probability > 0 && probability < 1 ? Math.round(probability * 100) : probability,
    urgency: reader.urgency(),
    assignee: reader.text("assignee"),
    followUpDate: reader.date("followUpDate"),
    expectedCloseDate: reader.date("expectedCloseDate"),
    desiredStartDate: reader.date("desiredStartDate"),
    category: reader.text("category"),
    budget: budgetMin !== undefined || budgetMax !== undefined ? { min: budgetMin, max: budgetMax } : undefined,
    tags: reader.text("tags")?.split(/[,;|]/).map((tag) => tag.trim()).filter(Boolean),
    notes: reader.text("notes"),
    externalRef: reader.key(digest),
  };
  return { input, issues: reader.issues, legacyKey: reader.legacyKey(digest) };
}

/** A row as the facts of one customer, for importing customers alone. */
export function customerFactsOf(mapping: ResolvedMapping, row: RawRow): ConvertedRow<CustomerFacts> {
  const reader = new RowReader(mapping, row);
  const facts = customerFacts(reader);
  const name = reader.text("name");
  if (name !== undefined && !facts.firstName && !facts.lastName && !facts.companyName) {
    return { input: { ...facts, ...splitPersonName(name) }, issues: reader.issues };
  }
  return { input: facts, issues: reader.issues };
}

const FIELD_NAMES: ReadonlySet<string> = new Set(INQUIRY_FIELDS);
const FIELD_OF_SEGMENT: Readonly<Record<string, ImportField>> = { min: "budgetMin", max: "budgetMax", budget: "budgetMin", externalRef: "externalId" };

/** The import field behind a use case's failing path ("customer.address.zipcode" → zipcode). */
export function fieldOfIssue(issue: FieldIssue): RowIssue {
  const segment = issue.path.split(".").at(-1) ?? "";
  const field = FIELD_OF_SEGMENT[segment] ?? (FIELD_NAMES.has(segment) ? (segment as ImportField) : null);
  return { field, message: issue.message };
}
