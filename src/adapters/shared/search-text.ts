import type { Customer } from "../../domain/customer/customer.js";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import { foldSpelling } from "../../domain/shared/text.js";

/*
 * Text search compares against one folded haystack per record, built in JavaScript so that every
 * adapter folds the same way (SQLite's lower() only knows ASCII): case, accents and German umlauts
 * fold as in customer matching, so "mueller" finds "Müller" and "Jürgen" finds "Juergen".
 */

export function inquirySearchText(inquiry: Inquiry): string {
  return foldSpelling(
    [inquiry.title, inquiry.contact.name, inquiry.contact.email, inquiry.contact.phone, inquiry.notes]
      .filter((part): part is string => Boolean(part))
      .join("\n"),
  );
}

export function customerSearchText(customer: Customer): string {
  return foldSpelling(
    [customer.firstName, customer.lastName, customer.companyName, customer.email, customer.phone]
      .filter((part): part is string => Boolean(part))
      .join("\n"),
  );
}

export function searchNeedle(text: string | undefined): string | null {
  const needle = text === undefined ? "" : foldSpelling(text.trim());
  return needle ? needle : null;
}
