import type { DependencyContainer } from "tsyringe";
import { DeleteCustomer } from "../application/customers/delete-customer.js";
import { UpdateCustomer } from "../application/customers/update-customer.js";

/** The customer-management and privacy use cases, resolved once per host. */
export function resolveCustomerUseCases(container: DependencyContainer) {
  return {
    updateCustomer: container.resolve(UpdateCustomer),
    deleteCustomer: container.resolve(DeleteCustomer),
  };
}
