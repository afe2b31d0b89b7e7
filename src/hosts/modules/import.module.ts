import type { ImportSummary } from "../../application/import/import-rows.js";
import { importSpreadsheetStream, type StreamImportOptions } from "../../adapters/spreadsheet/spreadsheet-import.js";
import type { Failure } from "../../domain/shared/failure.js";
import type { Result } from "../../domain/shared/result.js";
import { registerImportCommand } from "../cli/import-command.js";
import { defineModule } from "./feature-module.js";

export interface ImportLibrary {
  readonly import: {
    /** Imports a CSV, TSV or .xlsx byte stream (e.g. `fs.createReadStream`) exactly as `leadport import` does. */
    fromStream(stream: AsyncIterable<Buffer>, options: StreamImportOptions): Promise<Result<ImportSummary, Failure>>;
  };
}

/** Spreadsheets (CSV, TSV, .xlsx) of inquiries or customers, through the same use cases as the API. */
export const importModule = defineModule({
  name: "import",
  cli: (program, cli) =>
    registerImportCommand(program, { io: { out: cli.out, err: cli.err, env: cli.env }, withUseCases: cli.withUseCases, workspaceId: cli.workspaceId, fail: cli.fail }),
  library: ({ useCases, workspaceId }): ImportLibrary => ({
    import: { fromStream: (stream, options) => importSpreadsheetStream(useCases.importRows, workspaceId, stream, options) },
  }),
});
