import type { Customer, CustomerFacts } from "./customer.js";
import { emailKeyOf, nameKeyOf } from "./customer.js";

export type CustomerMatchKind = "email" | "name" | "created" | "id";

/** What the repository found for the facts' keys; matching itself is a pure decision over it. */
export interface MatchCandidates {
  readonly byEmail: Customer | null;
  readonly byName: readonly Customer[];
}

export type MatchDecision =
  | { readonly kind: "email"; readonly customer: Customer }
  | { readonly kind: "name"; readonly customer: Customer }
  | { readonly kind: "create" };

/**
 * (1) the customer with the same normalised e-mail; else (2) the single customer with the same
 * normalised name who has no different e-mail; else (3) a new customer. Two or more name matches
 * are ambiguous and create a new customer: a duplicate is cheap to merge, a wrong link leaks
 * one customer's inquiry into another's file.
 */
export function decideCustomerMatch(facts: CustomerFacts, candidates: MatchCandidates): MatchDecision {
  const emailKey = emailKeyOf(facts);
  if (emailKey && candidates.byEmail && candidates.byEmail.emailKey === emailKey) {
    return { kind: "email", customer: candidates.byEmail };
  }
  const nameKey = nameKeyOf(facts);
  if (!nameKey) return { kind: "create" };
  const compatible = candidates.byName.filter(
    (candidate) =>
      candidate.nameKey === nameKey &&
      (emailKey === null || candidate.emailKey === null || candidate.emailKey === emailKey),
  );
  const [only] = compatible;
  if (compatible.length === 1 && only) return { kind: "name", customer: only };
  return { kind: "create" };
}
