import { exportRouteDocs } from "../../adapters/http/export-route-docs.js";
import { registerExportCommand } from "../cli/export-command.js";
import { bindExport, type LibraryExport } from "../library-export.js";
import { defineModule } from "./feature-module.js";

export interface ExportLibrary {
  /** CSV (German Excel) or .xlsx exports that `import.fromStream` reads back. */
  readonly export: LibraryExport;
}

/** Inquiries and customers as CSV or .xlsx files that the import reads back. */
export const exportModule = defineModule({
  name: "export",
  // The export routes live on the native API's router, ahead of its `:id` routes (export is no id); only their docs come from here.
  http: () => ({ routers: [], docs: exportRouteDocs }),
  cli: (program, cli) => registerExportCommand(program, cli),
  library: ({ useCases, workspaceId }): ExportLibrary => ({ export: bindExport(useCases, workspaceId) }),
});
