import type { Address } from "./address.js";
import { keptHistory, newCustomer, type Customer, type CustomerFacts } from "./customer.js";

const first = <T>(values: ReadonlyArray<T | null>): T | null => values.find((value) => value !== null) ?? null;

/**
 * The kept customer after others were merged into it: what it knows stays, each empty field is
 * filled from the first merged customer that has it (in the order given), the matching keys are
 * derived again, and the merged ids join its history so the same merge is recognised when repeated.
 */
export function mergeCustomerDetails(kept: Customer, merged: readonly Customer[], now: Date): Customer {
  const all = [kept, ...merged];
  const address: Address | null = first(all.map((c) => c.address));
  const facts: CustomerFacts = {
    kind: kept.kind,
    salutation: first(all.map((c) => c.salutation)),
    firstName: first(all.map((c) => c.firstName)),
    lastName: first(all.map((c) => c.lastName)),
    companyName: first(all.map((c) => c.companyName)),
    email: first(all.map((c) => c.email)),
    phone: first(all.map((c) => c.phone)),
    address,
  };
  const history = [...(keptHistory(kept).mergedFrom ?? []), ...merged.flatMap((c) => [c.id, ...(c.mergedFrom ?? [])])];
  return {
    ...newCustomer(kept.id, kept.workspaceId, facts, new Date(kept.createdAt)),
    updatedAt: now.toISOString(),
    mergedFrom: [...new Set(history)],
  };
}

/** Whether an id was merged into this customer earlier: merging it again changes nothing. */
export function wasMergedInto(customer: Customer, id: string): boolean {
  return customer.mergedFrom?.includes(id) ?? false;
}
