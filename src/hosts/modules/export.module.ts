import { exportRouteDocs } from "../../adapters/http/export-route-docs.js";
import { exportRoutes } from "../../adapters/http/export-routes.js";
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
  // Before the records module in FEATURE_MODULES: its router must come before their `:id` routes (export is no id).
  http: ({ useCases }) => ({ routers: [exportRoutes(useCases)], docs: exportRouteDocs }),
  cli: (program, cli) => registerExportCommand(program, cli),
  library: ({ useCases, workspaceId }): ExportLibrary => ({ export: bindExport(useCases, workspaceId) }),
});
