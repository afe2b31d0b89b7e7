import type { Writable } from "node:stream";
import type { ExportCustomersInput, ExportInquiriesInput, ExportSummary } from "../application/export/export-schemas.js";
import type { TableWriter } from "../application/ports/table-writer.js";
import type { Failure } from "../domain/shared/failure.js";
import type { Result } from "../domain/shared/result.js";
import { CsvTableWriter } from "../adapters/spreadsheet/csv-table-writer.js";
import { XlsxTableWriter } from "../adapters/spreadsheet/xlsx-table-writer.js";
import type { UseCases } from "./container.js";

/** `lp.export`: the files `leadport export` writes, into any writable stream (a file, an HTTP response). */
export interface LibraryExport {
  /** Every inquiry matching the list's filters; `format` csv (default) or xlsx. Ends the stream when done; on a failure (bad filter) nothing is written and the stream is left to the caller. */
  inquiries(out: Writable, query?: ExportInquiriesInput): Promise<Result<ExportSummary, Failure>>;
  customers(out: Writable, query?: ExportCustomersInput): Promise<Result<ExportSummary, Failure>>;
}

const writerFor = (out: Writable, format: string | undefined): TableWriter =>
  format === "xlsx" ? new XlsxTableWriter(out) : new CsvTableWriter(out);

export function bindExport(useCases: Pick<UseCases, "exportInquiries" | "exportCustomers">, workspaceId: string): LibraryExport {
  return {
    inquiries: (out, query = {}) => useCases.exportInquiries.execute(workspaceId, query, writerFor(out, query.format)),
    customers: (out, query = {}) => useCases.exportCustomers.execute(workspaceId, query, writerFor(out, query.format)),
  };
}
