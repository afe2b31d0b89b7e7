import { hasIdentity, enrichCustomer, newCustomer, type Customer, type CustomerFacts } from "../../domain/customer/customer.js";
import { decideCustomerMatch, type CustomerMatchKind, type MatchDecision } from "../../domain/customer/matching.js";
import type { Failure } from "../../domain/shared/failure.js";
import { invalid } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { emailKeyOf, nameKeyOf } from "../../domain/customer/customer.js";
import { isEmail } from "../../domain/shared/text.js";
import type { IdGenerator } from "../ports/ids.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";

export interface ResolvedCustomer {
  readonly customer: Customer;
  readonly match: CustomerMatchKind;
  readonly created: boolean;
}

/** Two compatible namesakes already make a name ambiguous; more would not change the decision. */
const NAME_CANDIDATES = 2;

/** Applies the domain's matching rules to the workspace's customers; facts without an identity fail. */
export async function matchCustomer(
  tx: WorkspaceTransaction,
  facts: CustomerFacts,
  path: string,
): Promise<Result<MatchDecision, Failure>> {
  if (facts.email && !isEmail(facts.email.trim())) return err(invalid(`${path}.email`, "is not a valid e-mail address"));
  if (!hasIdentity(facts)) {
    return err(invalid(path, "needs an e-mail address or a name to find or create the customer"));
  }
  const emailKey = emailKeyOf(facts);
  const nameKey = nameKeyOf(facts);
  return ok(
    decideCustomerMatch(facts, {
      byEmail: emailKey ? await tx.customers.findByEmailKey(emailKey) : null,
      byName: nameKey ? await tx.customers.findByNameKey(nameKey, { compatibleWithEmailKey: emailKey, limit: NAME_CANDIDATES }) : [],
    }),
  );
}

/**
 * Links incoming facts to a customer of the workspace: an explicit id, else the matching rules
 * of the domain, else a new customer. A matched customer gains facts it was missing.
 */
export async function resolveCustomer(
  tx: WorkspaceTransaction,
  ids: IdGenerator,
  facts: CustomerFacts,
  explicitId: string | undefined,
  now: Date,
  path = "customer",
): Promise<Result<ResolvedCustomer, Failure>> {
  if (explicitId !== undefined) {
    const customer = await tx.customers.findById(explicitId);
    if (!customer) return err(invalid(`${path}.id`, "no customer with this id in this workspace"));
    return ok({ customer, match: "id", created: false });
  }
  const matched = await matchCustomer(tx, facts, path);
  if (!matched.ok) return matched;
  const decision = matched.value;
  if (decision.kind === "create") {
    const customer = newCustomer(ids.newId(), tx.workspaceId, facts, now);
    await tx.customers.insert(customer);
    return ok({ customer, match: "created", created: true });
  }
  const enriched = enrichCustomer(decision.customer, facts, now);
  if (enriched !== decision.customer) await tx.customers.update(enriched);
  return ok({ customer: enriched, match: decision.kind, created: false });
}
