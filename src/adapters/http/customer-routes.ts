import type Router from "@koa/router";
import type { Middleware } from "koa";
import type { GetCustomer } from "../../application/customers/get-customer.js";
import type { ListCustomers } from "../../application/customers/list-customers.js";
import type { UpdateCustomerInput } from "../../application/customers/customer-schemas.js";
import { toCustomerPageView, toCustomerView, toDuplicateListView, type CustomerPageView } from "../../application/customers/customer-view.js";
import { toCustomerRecordView } from "../../application/customer-records/customer-record-view.js";
import type { DeleteCustomer } from "../../application/customers/delete-customer.js";
import type { EraseCustomer, ErasureReport } from "../../application/customers/erase-customer.js";
import type { ExportCustomerData } from "../../application/customers/export-customer-data.js";
import { toPersonalDataExport, type PersonalDataExport } from "../../application/customer-records/export-view.js";
import { parseInput } from "../../application/shared/validation.js";
import { z } from "zod";
import type { FindDuplicateCustomers } from "../../application/customers/find-duplicate-customers.js";
import type { MergeCustomers, MergeCustomersInput } from "../../application/customers/merge-customers.js";
import type { UpdateCustomer } from "../../application/customers/update-customer.js";
import { queryObject, workspaceOf, type LeadportState } from "./context.js";
import { jsonBody } from "./json-body.js";
import { unwrap } from "./problem.js";

/** The customer use cases the HTTP adapter drives. */
export interface CustomerServices {
  readonly getCustomer: GetCustomer;
  readonly listCustomers: ListCustomers;
  readonly updateCustomer: UpdateCustomer;
  readonly deleteCustomer: DeleteCustomer;
  readonly findDuplicateCustomers: FindDuplicateCustomers;
  readonly mergeCustomers: MergeCustomers;
  readonly exportCustomerData: ExportCustomerData;
  readonly eraseCustomer: EraseCustomer;
}

/** `?erase=true` turns a delete into an erasure of the person everywhere. */
export const DeleteCustomerQuery = z.strictObject({
  erase: z.enum(["true", "false"], { error: 'must be "true" or "false"' }).optional(),
});

/**
 * Mounted on the records router (record-routes.ts): fixed paths such as /customers/duplicates must be registered
 * before /customers/:id, which would otherwise take them for an id.
 */
export function mountCustomerRoutes(router: Router<LeadportState>, services: CustomerServices, auth: Middleware<LeadportState>): void {
  router.get("/customers", auth, async (ctx) => {
    const page = unwrap(await services.listCustomers.execute(workspaceOf(ctx.state), queryObject(ctx.query)));
    ctx.body = toCustomerPageView(page) satisfies CustomerPageView;
  });

  router.get("/customers/duplicates", auth, async (ctx) => {
    const groups = unwrap(await services.findDuplicateCustomers.execute(workspaceOf(ctx.state)));
    ctx.body = toDuplicateListView(groups);
  });

  router.post("/customers/:id/merge", auth, jsonBody(), async (ctx) => {
    const body = ctx.state.body as MergeCustomersInput;
    ctx.body = toCustomerRecordView(unwrap(await services.mergeCustomers.execute(workspaceOf(ctx.state), String(ctx.params.id), body)));
  });

  router.get("/customers/:id/export", auth, async (ctx) => {
    const exported = unwrap(await services.exportCustomerData.execute(workspaceOf(ctx.state), String(ctx.params.id)));
    ctx.set("Content-Disposition", `attachment; filename="customer-${exported.data.customer.id}.json"`);
    ctx.body = toPersonalDataExport(exported.data, exported.exportedAt) satisfies PersonalDataExport;
  });

  router.get("/customers/:id", auth, async (ctx) => {
    ctx.body = toCustomerRecordView(unwrap(await services.getCustomer.execute(workspaceOf(ctx.state), String(ctx.params.id))));
  });

  router.patch("/customers/:id", auth, jsonBody(), async (ctx) => {
    const body = ctx.state.body as UpdateCustomerInput;
    ctx.body = toCustomerView(unwrap(await services.updateCustomer.execute(workspaceOf(ctx.state), String(ctx.params.id), body)));
  });

  router.delete("/customers/:id", auth, async (ctx) => {
    const query = unwrap(parseInput(DeleteCustomerQuery, queryObject(ctx.query)));
    if (query.erase === "true") {
      ctx.body = unwrap(await services.eraseCustomer.execute(workspaceOf(ctx.state), String(ctx.params.id))) satisfies ErasureReport;
      return;
    }
    unwrap(await services.deleteCustomer.execute(workspaceOf(ctx.state), String(ctx.params.id)));
    ctx.status = 204;
  });
}
