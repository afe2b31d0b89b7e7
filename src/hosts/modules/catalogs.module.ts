import { toCatalogEntryView, type CatalogEntryView } from "../../application/catalog/list-catalog.js";
import { catalogRouteDocs, catalogRoutes } from "../../adapters/http/catalog-routes.js";
import type { Failure } from "../../domain/shared/failure.js";
import type { Result } from "../../domain/shared/result.js";
import { registerCatalogCommands } from "../cli/catalog-commands.js";
import { defineModule } from "./feature-module.js";
import { mapResult } from "./library-results.js";

export interface CatalogsLibrary {
  readonly statuses: { list(): Promise<Result<CatalogEntryView[], Failure>> };
  readonly sources: { list(): Promise<Result<CatalogEntryView[], Failure>> };
}

/** A workspace's statuses and sources: listing, renaming, reordering, merging and deleting them. */
export const catalogsModule = defineModule({
  name: "catalogs",
  http: ({ useCases }) => ({ routers: [catalogRoutes(useCases)], docs: catalogRouteDocs }),
  cli: (program, cli) => registerCatalogCommands(program, cli),
  library: ({ useCases, workspaceId: id }): CatalogsLibrary => ({
    statuses: { list: async () => mapResult(await useCases.listCatalog.execute(id, "status"), (e) => e.map(toCatalogEntryView)) },
    sources: { list: async () => mapResult(await useCases.listCatalog.execute(id, "source"), (e) => e.map(toCatalogEntryView)) },
  }),
});
