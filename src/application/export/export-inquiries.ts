import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { inquiryQueryOf } from "../inquiries/inquiry-query.js";
import type { Clock } from "../ports/clock.js";
import type { Page, PagePosition } from "../ports/pagination.js";
import type { TableWriter } from "../ports/table-writer.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { INQUIRY_COLUMNS } from "./export-columns.js";
import { EXPORT_PAGE_SIZE, ExportInquiriesInput, type ExportSummary } from "./export-schemas.js";

/**
 * Writes every inquiry matching the list's filters, in the list's order, page by page: memory
 * stays bounded by one page whatever the workspace holds. Nothing is written before the input
 * has been checked, so a bad filter is a plain failure, not a half-written file.
 */
@injectable()
export class ExportInquiries {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute(workspaceId: string, input: ExportInquiriesInput, writer: TableWriter): Promise<Result<ExportSummary, Failure>> {
    const parsed = parseInput(ExportInquiriesInput, input);
    if (!parsed.ok) return parsed;
    const { format: _format, ...filters } = parsed.value;
    const query = inquiryQueryOf(filters, this.clock.now());
    const exists = await this.uow.read(workspaceId, async (tx) => ok((await tx.workspaces.findById(workspaceId)) !== null));
    if (!exists.ok || !exists.value) return err(notFound("workspace"));
    await writer.start("Anfragen", INQUIRY_COLUMNS.map((column) => column.header));
    let rows = 0;
    let after: PagePosition | null = null;
    do {
      const page: Result<Page<Inquiry>, Failure> = await this.uow.read(workspaceId, async (tx) =>
        ok(await tx.inquiries.list(query, { limit: EXPORT_PAGE_SIZE, after })),
      );
      if (!page.ok) return page;
      for (const inquiry of page.value.items) await writer.row(INQUIRY_COLUMNS.map((column) => column.cell(inquiry)));
      rows += page.value.items.length;
      after = page.value.next;
    } while (after !== null);
    await writer.finish();
    return ok({ rows });
  }
}
