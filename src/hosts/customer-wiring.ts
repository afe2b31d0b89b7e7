import type { DependencyContainer } from "tsyringe";
import { DeleteCustomer } from "../application/customers/delete-customer.js";
import { EraseCustomer } from "../application/customers/erase-customer.js";
import { ExportCustomerData } from "../application/customers/export-customer-data.js";
import { FindDuplicateCustomers } from "../application/customers/find-duplicate-customers.js";
import { MergeCustomers } from "../application/customers/merge-customers.js";
import { UpdateCustomer } from "../application/customers/update-customer.js";
import { GetRetention } from "../application/retention/get-retention.js";
import { SetRetention } from "../application/retention/set-retention.js";
import { RunRetention } from "../application/retention/run-retention.js";

/** The customer-management and privacy use cases (export, erasure, retention), resolved once per host. */
export function resolveCustomerUseCases(container: DependencyContainer) {
  return {
    updateCustomer: container.resolve(UpdateCustomer),
    deleteCustomer: container.resolve(DeleteCustomer),
    findDuplicateCustomers: container.resolve(FindDuplicateCustomers),
    mergeCustomers: container.resolve(MergeCustomers),
    exportCustomerData: container.resolve(ExportCustomerData),
    eraseCustomer: container.resolve(EraseCustomer),
    getRetention: container.resolve(GetRetention),
    setRetention: container.resolve(SetRetention),
    runRetention: container.resolve(RunRetention),
  };
}
