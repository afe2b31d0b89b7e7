import type { Customer } from "../../domain/customer/customer.js";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";

/*
 * Text search compares against one lower-cased haystack per record, built in JavaScript so that
 * every adapter folds case the same way (SQLite's lower() only knows ASCII).
 */

export function inquirySearchText(inquiry: Inquiry): string {
  return [inquiry.title, inquiry.contact.name, inquiry.contact.email, inquiry.contact.phone, inquiry.notes]
    .filter((part): part is string => Boolean(part))
    .join("\n")
    .toLowerCase();
}

export function customerSearchText(customer: Customer): string {
  return [customer.firstName, customer.lastName, customer.companyName, customer.email, customer.phone]
    .filter((part): part is string => Boolean(part))
    .join("\n")
    .toLowerCase();
}

export function searchNeedle(text: string | undefined): string | null {
  const needle = text?.trim().toLowerCase();
  return needle ? needle : null;
}
