import { inject, injectable } from "tsyringe";
import type { Customer } from "../../domain/customer/customer.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Page, PagePosition } from "../ports/pagination.js";
import type { TableWriter } from "../ports/table-writer.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { CUSTOMER_COLUMNS } from "./export-columns.js";
import { EXPORT_PAGE_SIZE, ExportCustomersInput, type ExportSummary } from "./export-schemas.js";

/** Writes every customer matching `q`, newest first, page by page (see ExportInquiries). */
@injectable()
export class ExportCustomers {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, input: ExportCustomersInput, writer: TableWriter): Promise<Result<ExportSummary, Failure>> {
    const parsed = parseInput(ExportCustomersInput, input);
    if (!parsed.ok) return parsed;
    const exists = await this.uow.read(workspaceId, async (tx) => ok((await tx.workspaces.findById(workspaceId)) !== null));
    if (!exists.ok || !exists.value) return err(notFound("workspace"));
    await writer.start("Kunden", CUSTOMER_COLUMNS.map((column) => column.header));
    let rows = 0;
    let after: PagePosition | null = null;
    do {
      const page: Result<Page<Customer>, Failure> = await this.uow.read(workspaceId, async (tx) =>
        ok(await tx.customers.list({ text: parsed.value.q }, { limit: EXPORT_PAGE_SIZE, after })),
      );
      if (!page.ok) return page;
      for (const customer of page.value.items) await writer.row(CUSTOMER_COLUMNS.map((column) => column.cell(customer)));
      rows += page.value.items.length;
      after = page.value.next;
    } while (after !== null);
    await writer.finish();
    return ok({ rows });
  }
}
