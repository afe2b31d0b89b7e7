import type { Customer } from "./customer.js";

/**
 * Why customers look like one person, strongest first. A shared e-mail is near certain; a shared
 * folded name is certain enough with the same zipcode or phone; a shared name alone is only a hint
 * (two "Thomas Müller" in one city are common) and is offered only when their e-mails do not differ.
 */
export const DUPLICATE_REASONS = ["same_email", "same_name_and_zipcode", "same_name_and_phone", "same_name"] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export interface DuplicateGroup {
  /** Oldest first: the first is the natural one to keep. */
  readonly customerIds: readonly string[];
  readonly reasons: readonly DuplicateReason[];
}

/** A phone number as digits, with +49 / 0049 written as the national 0, so "+49 511 1" = "0511-1". */
export function phoneKey(phone: string | null): string | null {
  if (!phone) return null;
  const compact = phone.replace(/[^\d+]/g, "");
  const national = compact.replace(/^(\+|00)490?/, "0").replace(/\+/g, "");
  return national.length >= 5 ? national : null;
}

const zipcodeKey = (customer: Customer): string | null => customer.address?.zipcode?.replace(/\s+/g, "").toUpperCase() || null;

const KEYS: Readonly<Record<DuplicateReason, (customer: Customer) => string | null>> = {
  same_email: (c) => c.emailKey,
  same_name_and_zipcode: (c) => (c.nameKey && zipcodeKey(c) ? `${c.nameKey}|${zipcodeKey(c)}` : null),
  same_name_and_phone: (c) => (c.nameKey && phoneKey(c.phone) ? `${c.nameKey}|${phoneKey(c.phone)}` : null),
  same_name: (c) => c.nameKey,
};

const oldestFirst = (a: Customer, b: Customer) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/** Likely duplicates among a workspace's customers: each set of customers once, with every reason that links them. */
export function findDuplicates(customers: readonly Customer[]): DuplicateGroup[] {
  const groups = new Map<string, { members: Customer[]; reasons: DuplicateReason[] }>();
  for (const reason of DUPLICATE_REASONS) {
    const byKey = new Map<string, Customer[]>();
    for (const customer of customers) {
      const key = KEYS[reason](customer);
      if (key !== null) byKey.set(key, [...(byKey.get(key) ?? []), customer]);
    }
    for (const members of byKey.values()) {
      if (members.length < 2) continue;
      if (reason === "same_name" && new Set(members.map((m) => m.emailKey).filter((e) => e !== null)).size > 1) continue;
      const sorted = [...members].sort(oldestFirst);
      const id = sorted.map((m) => m.id).join(",");
      const group = groups.get(id) ?? { members: sorted, reasons: [] };
      group.reasons.push(reason);
      groups.set(id, group);
    }
  }
  return [...groups.values()]
    .map((group) => ({ customerIds: group.members.map((m) => m.id), reasons: group.reasons }))
    .sort((a, b) => DUPLICATE_REASONS.indexOf(a.reasons[0]!) - DUPLICATE_REASONS.indexOf(b.reasons[0]!) || a.customerIds[0]!.localeCompare(b.customerIds[0]!));
}
