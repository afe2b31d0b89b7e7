import type { Address } from "../../domain/customer/address.js";
import type { Customer } from "../../domain/customer/customer.js";
import type { Inquiry, Urgency } from "../../domain/inquiry/inquiry.js";
import type { TableCell } from "../ports/table-writer.js";

/*
 * The exported columns. Every header is one `leadport import` recognises for the same field
 * (application/import/import-mapping.ts), so an export imports again without a mapping; columns
 * the import has no field for (lead score, creation date) are ignored by it.
 */

export interface ExportColumn<T> {
  readonly header: string;
  readonly cell: (record: T) => TableCell;
}

const text = (value: string | null | undefined): TableCell => (value === null || value === undefined || value === "" ? null : { kind: "text", value });
const money = (cents: number | null): TableCell => (cents === null ? null : { kind: "money", cents });
const integer = (value: number | null): TableCell => (value === null ? null : { kind: "integer", value });
const date = (value: string | null): TableCell => (value === null ? null : { kind: "date", value });

/** The words the import reads back (row-conversion.ts). */
const URGENCY_WORDS: Readonly<Record<Urgency, string>> = { low: "niedrig", normal: "normal", high: "hoch", urgent: "dringend" };

const addressColumns = <T>(addressOf: (record: T) => Address | null): ExportColumn<T>[] => [
  { header: "Straße", cell: (r) => text(addressOf(r)?.street) },
  { header: "PLZ", cell: (r) => text(addressOf(r)?.zipcode) },
  { header: "Ort", cell: (r) => text(addressOf(r)?.city) },
  { header: "Land", cell: (r) => text(addressOf(r)?.countryCode) },
];

export const INQUIRY_COLUMNS: readonly ExportColumn<Inquiry>[] = [
  // The sender's own reference when there is one, else ours: importing the file twice with --update finds the same records.
  { header: "ID", cell: (i) => text(i.externalRef ?? i.id) },
  { header: "Titel", cell: (i) => text(i.title) },
  { header: "Name", cell: (i) => text(i.contact.name) },
  { header: "E-Mail", cell: (i) => text(i.contact.email) },
  { header: "Telefon", cell: (i) => text(i.contact.phone) },
  ...addressColumns<Inquiry>((i) => i.address),
  { header: "Status", cell: (i) => text(i.status) },
  { header: "Quelle", cell: (i) => text(i.source) },
  { header: "Erwarteter Wert", cell: (i) => money(i.expectedValueCents) },
  { header: "Wahrscheinlichkeit", cell: (i) => integer(i.probability) },
  { header: "Dringlichkeit", cell: (i) => text(URGENCY_WORDS[i.urgency]) },
  { header: "Zuständig", cell: (i) => text(i.assignee) },
  { header: "Nachfassen", cell: (i) => date(i.followUpDate) },
  { header: "Erwarteter Abschluss", cell: (i) => date(i.expectedCloseDate) },
  { header: "Gewünschter Start", cell: (i) => date(i.desiredStartDate) },
  { header: "Kategorie", cell: (i) => text(i.category) },
  { header: "Budget min", cell: (i) => money(i.budgetMinCents) },
  { header: "Budget max", cell: (i) => money(i.budgetMaxCents) },
  { header: "Tags", cell: (i) => text(i.tags.join(", ")) },
  { header: "Notizen", cell: (i) => text(i.notes) },
  { header: "Lead-Score", cell: (i) => integer(Math.round(i.leadScore)) },
  { header: "Erstellt", cell: (i) => date(i.createdAt.slice(0, 10)) },
];

export const CUSTOMER_COLUMNS: readonly ExportColumn<Customer>[] = [
  { header: "Kunden-ID", cell: (c) => text(c.id) },
  { header: "Anrede", cell: (c) => text(c.salutation) },
  { header: "Vorname", cell: (c) => text(c.firstName) },
  { header: "Nachname", cell: (c) => text(c.lastName) },
  { header: "Firma", cell: (c) => text(c.companyName) },
  { header: "E-Mail", cell: (c) => text(c.email) },
  { header: "Telefon", cell: (c) => text(c.phone) },
  ...addressColumns<Customer>((c) => c.address),
  { header: "Erstellt", cell: (c) => date(c.createdAt.slice(0, 10)) },
];
