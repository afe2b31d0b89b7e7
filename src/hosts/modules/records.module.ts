import type { ListCustomersInput } from "../../application/customers/customer-queries.js";
import type { UpdateCustomerInput } from "../../application/customers/customer-schemas.js";
import { toCustomerPageView, toCustomerView, toDuplicateListView, type CustomerView, type DuplicateListView } from "../../application/customers/customer-view.js";
import { toCustomerRecordView, type CustomerRecordView } from "../../application/customer-records/customer-record-view.js";
import type { ErasureReport } from "../../application/customers/erase-customer.js";
import { toPersonalDataExport, type PersonalDataExport } from "../../application/customer-records/export-view.js";
import { RemoveErasedFiles } from "../../application/customers/remove-erased-files.js";
import type { CreateInquiryInput, ListInquiriesInput, UpdateInquiryInput } from "../../application/inquiries/inquiry-schemas.js";
import { toInquiryPageView, toInquiryView, type InquiryView } from "../../application/inquiries/inquiry-view.js";
import type { InquiryWriteOutcome } from "../../application/inquiries/update-inquiry.js";
import type { Failure } from "../../domain/shared/failure.js";
import type { Result } from "../../domain/shared/result.js";
import { recordRouteDocs } from "../../adapters/http/record-route-docs.js";
import { recordRoutes } from "../../adapters/http/record-routes.js";
import { registerCustomerCommands } from "../cli/customer-commands.js";
import { registerInquiryCommands } from "../cli/inquiry-commands.js";
import { defineModule } from "./feature-module.js";
import { mapResult } from "./library-results.js";

export interface InquiryWrite {
  readonly inquiry: InquiryView;
  readonly outcome: InquiryWriteOutcome;
}

export interface RecordsLibrary {
  readonly inquiries: {
    create(input: CreateInquiryInput): Promise<Result<InquiryWrite, Failure>>;
    update(id: string, input: UpdateInquiryInput): Promise<Result<InquiryWrite, Failure>>;
    delete(id: string): Promise<Result<void, Failure>>;
    get(id: string): Promise<Result<InquiryView, Failure>>;
    list(query?: ListInquiriesInput): Promise<Result<{ items: InquiryView[]; nextCursor: string | null; total: number }, Failure>>;
  };
  readonly customers: {
    /** The customer with its inquiries, tickets and orders. */
    get(id: string): Promise<Result<CustomerRecordView, Failure>>;
    list(query?: ListCustomersInput): Promise<Result<{ items: CustomerView[]; nextCursor: string | null }, Failure>>;
    /** Fields given are changed, `null` clears one; the matching keys follow. */
    update(id: string, input: UpdateCustomerInput): Promise<Result<CustomerView, Failure>>;
    /** Refused (conflict) while inquiries, tickets or orders refer to the customer. */
    delete(id: string): Promise<Result<void, Failure>>;
    /** Groups of customers that look like one person, with the reasons. */
    duplicates(): Promise<Result<DuplicateListView["items"], Failure>>;
    /** Merges the customers `from` into `keepId`; repeating a merge changes nothing. */
    merge(keepId: string, from: readonly string[]): Promise<Result<CustomerRecordView, Failure>>;
    /** Everything held about the person (GDPR Art. 15/20), as one JSON-ready document. */
    export(id: string): Promise<Result<PersonalDataExport, Failure>>;
    /** Erases the person everywhere (GDPR Art. 17); answers what was removed, by count. */
    erase(id: string): Promise<Result<ErasureReport, Failure>>;
  };
}

/**
 * The core records: inquiries and the customers they belong to, with merging, the person's data
 * export and erasure: their API routes, commands, library section and the clean-up of an erased
 * person's files.
 */
export const recordsModule = defineModule({
  name: "records",
  http: ({ useCases }) => ({ routers: [recordRoutes(useCases)], docs: recordRouteDocs }),
  outboxHandlers: (container) => [container.resolve(RemoveErasedFiles)],
  cli: (program, cli) => {
    registerCustomerCommands(program, cli);
    registerInquiryCommands(program, cli);
  },
  library: ({ useCases, workspaceId: id }): RecordsLibrary => {
    const written = (result: Result<{ inquiry: Parameters<typeof toInquiryView>[0]; outcome: InquiryWriteOutcome }, Failure>) =>
      mapResult(result, (value) => ({ inquiry: toInquiryView(value.inquiry), outcome: value.outcome }));
    return {
      inquiries: {
        create: async (input) => written(await useCases.createInquiry.execute(id, input)),
        update: async (inquiryId, input) => written(await useCases.updateInquiry.execute(id, inquiryId, input)),
        delete: (inquiryId) => useCases.deleteInquiry.execute(id, inquiryId),
        get: async (inquiryId) => mapResult(await useCases.getInquiry.execute(id, inquiryId), toInquiryView),
        list: async (query) =>
          mapResult(await useCases.listInquiries.execute(id, query), toInquiryPageView),
      },
      customers: {
        get: async (customerId) => mapResult(await useCases.getCustomer.execute(id, customerId), toCustomerRecordView),
        list: async (query) =>
          mapResult(await useCases.listCustomers.execute(id, query), toCustomerPageView),
        update: async (customerId, input) => mapResult(await useCases.updateCustomer.execute(id, customerId, input), toCustomerView),
        delete: (customerId) => useCases.deleteCustomer.execute(id, customerId),
        duplicates: async () =>
          mapResult(await useCases.findDuplicateCustomers.execute(id), (groups) => toDuplicateListView(groups).items),
        export: async (customerId) =>
          mapResult(await useCases.exportCustomerData.execute(id, customerId), (exported) => toPersonalDataExport(exported.data, exported.exportedAt)),
        erase: (customerId) => useCases.eraseCustomer.execute(id, customerId),
        merge: async (keepId, from) => mapResult(await useCases.mergeCustomers.execute(id, keepId, { from: [...from] }), toCustomerRecordView),
      },
    };
  },
});
