import { newCustomer, reviseCustomer, type Customer, type CustomerFacts } from "../../domain/customer/customer.js";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import type { WriteOutcome } from "../shared/write-outcome.js";
import { toCustomerView } from "./customer-view.js";
import { matchCustomer } from "./resolve-customer.js";

export interface CustomerWriteResult {
  readonly customer: Customer;
  readonly outcome: WriteOutcome;
}

/** What an upsert needs besides the transaction (an import passes its inquiry services, which have these). */
export interface CustomerWriteServices {
  readonly ids: IdGenerator;
  readonly clock: Clock;
}

/**
 * Creates a customer, or finds the one the matching rules point to (e-mail, else a unique name).
 * A found customer is left alone unless `update` is set; then the given facts overwrite its details.
 */
export async function upsertCustomerIn(
  tx: WorkspaceTransaction,
  services: CustomerWriteServices,
  facts: CustomerFacts,
  update: boolean,
): Promise<Result<CustomerWriteResult, Failure>> {
  const decision = await matchCustomer(tx, facts, "customer");
  if (!decision.ok) return decision;
  const now = services.clock.now();
  if (decision.value.kind === "create") {
    const customer = newCustomer(services.ids.newId(), tx.workspaceId, facts, now);
    await tx.customers.insert(customer);
    await tx.outbox.add(
      domainEvent(services.ids, services.clock, tx.workspaceId, "CustomerCreated", customer.id, { customer: toCustomerView(customer) }),
    );
    return ok({ customer, outcome: "created" });
  }
  const current = decision.value.customer;
  const revised = update ? reviseCustomer(current, facts, now) : current;
  if (revised === current) return ok({ customer: current, outcome: "unchanged" });
  await tx.customers.update(revised);
  await tx.outbox.add(
    domainEvent(services.ids, services.clock, tx.workspaceId, "CustomerUpdated", revised.id, { customer: toCustomerView(revised) }),
  );
  return ok({ customer: revised, outcome: "updated" });
}
