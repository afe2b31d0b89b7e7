import type { Writable } from "node:stream";
import { ImportRows, type ImportOptions, type ImportSummary } from "../../application/import/import-rows.js";
import { previewImport, type MappingPreview } from "../../application/import/preview-import.js";
import type { ImportType } from "../../application/import/import-mapping.js";
import type { Failure } from "../../domain/shared/failure.js";
import { err, type Result } from "../../domain/shared/result.js";
import { ErrorReportWriter } from "./error-report.js";
import { openSpreadsheetStream, type OpenedSpreadsheet, type SpreadsheetFormat } from "./open-spreadsheet.js";
import { SpreadsheetError } from "./spreadsheet-error.js";

export interface SpreadsheetImportOptions extends Omit<ImportOptions, "onFailedRow"> {
  /** Where the error report goes; opened only when a row fails (or always, with `alwaysWriteReport`). */
  readonly errorReport?: () => Writable;
  readonly alwaysWriteReport?: boolean;
}

const unreadable = (error: SpreadsheetError): Failure => ({
  code: "validation_failed",
  message: error.message,
  issues: [{ path: "file", message: error.message }],
});

/**
 * Runs an opened spreadsheet through the import use case and writes the error report: the one
 * path shared by `leadport import` and the library's `import.fromStream`. A file that cannot be
 * read becomes a failure value; rows committed before that point stay committed.
 */
export async function importSpreadsheet(
  importRows: ImportRows,
  workspaceId: string,
  opened: OpenedSpreadsheet,
  options: SpreadsheetImportOptions,
): Promise<Result<ImportSummary, Failure>> {
  const open = options.errorReport;
  const report = open ? new ErrorReportWriter(open) : null;
  let headers: readonly string[] = [];
  try {
    const result = await importRows.execute(workspaceId, opened.rows, {
      ...options,
      onFailedRow: async (row, rowHeaders) => {
        headers = rowHeaders;
        await report?.add(row, rowHeaders);
      },
      onRowWarnings: async (row, rowHeaders) => {
        headers = rowHeaders;
        await report?.add(row, rowHeaders);
      },
    });
    if (result.ok) headers = result.value.headers;
    await report?.close(headers, options.alwaysWriteReport ?? false);
    return result;
  } catch (error) {
    // The import's own error is the one worth reporting; a report that also fails adds nothing.
    await report?.close(headers, false).catch(() => undefined);
    if (error instanceof SpreadsheetError) return err(unreadable(error));
    throw error;
  } finally {
    await opened.close();
  }
}

/** The suggested mapping for an opened spreadsheet; reads the header and one row. */
export async function previewSpreadsheet(opened: OpenedSpreadsheet, type: ImportType): Promise<Result<MappingPreview, Failure>> {
  try {
    return await previewImport(opened.rows, type);
  } catch (error) {
    if (error instanceof SpreadsheetError) return err(unreadable(error));
    throw error;
  } finally {
    await opened.close();
  }
}

export interface StreamImportOptions extends Omit<SpreadsheetImportOptions, "errorReport" | "alwaysWriteReport"> {
  readonly format: SpreadsheetFormat;
  readonly sheet?: string;
  readonly maxBytes?: number;
  /** Receives the error report CSV (always, header line included); it is ended when the import ends. */
  readonly errorReport?: Writable;
}

/** Opens a byte stream as a spreadsheet and imports it; an unreadable or unsafe file becomes a failure value. */
export async function importSpreadsheetStream(
  importRows: ImportRows,
  workspaceId: string,
  input: AsyncIterable<Buffer>,
  options: StreamImportOptions,
): Promise<Result<ImportSummary, Failure>> {
  let opened: OpenedSpreadsheet;
  try {
    opened = await openSpreadsheetStream(input, { format: options.format, sheet: options.sheet, maxBytes: options.maxBytes });
  } catch (error) {
    if (error instanceof SpreadsheetError) return err(unreadable(error));
    throw error;
  }
  const report = options.errorReport;
  return importSpreadsheet(importRows, workspaceId, opened, {
    ...options,
    errorReport: report ? () => report : undefined,
    alwaysWriteReport: true,
  });
}
