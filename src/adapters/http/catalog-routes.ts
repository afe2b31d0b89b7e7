import Router from "@koa/router";
import { z } from "zod";
import type { AuthenticateApiKey } from "../../application/access/authenticate-api-key.js";
import type { ChangeCatalogEntry } from "../../application/catalog/change-catalog-entry.js";
import { ChangeCatalogEntryInput, DeleteCatalogEntryInput, MergeCatalogEntryInput } from "../../application/catalog/catalog-schemas.js";
import type { DeleteCatalogEntry } from "../../application/catalog/delete-catalog-entry.js";
import { CatalogEntryViewSchema, CatalogListSchema, toCatalogEntryView, type CatalogListView, type ListCatalog } from "../../application/catalog/list-catalog.js";
import type { MergeCatalogEntry } from "../../application/catalog/merge-catalog-entry.js";
import type { CatalogKind } from "../../domain/catalog/catalog.js";
import { queryObject, workspaceOf, type LeadportState } from "./context.js";
import { jsonBody } from "./json-body.js";
import { requireSecretKey } from "./middleware.js";
import type { RouteDoc } from "./openapi/route-doc.js";
import { unwrap } from "./problem.js";

export interface CatalogServices {
  readonly authenticate: AuthenticateApiKey;
  readonly listCatalog: ListCatalog;
  readonly changeCatalogEntry: ChangeCatalogEntry;
  readonly mergeCatalogEntry: MergeCatalogEntry;
  readonly deleteCatalogEntry: DeleteCatalogEntry;
}

export const CatalogChangeSchema = z.object({
  entry: CatalogEntryViewSchema,
  inquiriesUpdated: z.number().int().describe("Inquiries renamed or rescored with the entry."),
});
export const CatalogMergeSchema = z.object({
  into: CatalogEntryViewSchema,
  inquiriesMoved: z.number().int(),
});
export const CatalogDeleteSchema = z.object({ inquiriesMoved: z.number().int() });

const CATALOGS: ReadonlyArray<readonly [string, CatalogKind]> = [
  ["statuses", "status"],
  ["sources", "source"],
];

/** The status and source catalogs: listing them, and renaming, reordering, reweighing, merging, deleting an entry. */
export function catalogRoutes(services: CatalogServices): Router<LeadportState> {
  const router = new Router<LeadportState>({ prefix: "/api/v1" });
  const auth = requireSecretKey(services.authenticate);
  for (const [path, kind] of CATALOGS) {
    router.get(`/${path}`, auth, async (ctx) => {
      const entries = unwrap(await services.listCatalog.execute(workspaceOf(ctx.state), kind));
      ctx.body = { items: entries.map((entry, index) => toCatalogEntryView(entry, index + 1)) } satisfies CatalogListView;
    });
  }
  for (const [path, kind] of CATALOGS) {
    router.patch(`/${path}/:id`, auth, jsonBody(), async (ctx) => {
      const body = ctx.state.body as ChangeCatalogEntryInput;
      const changed = unwrap(await services.changeCatalogEntry.execute(workspaceOf(ctx.state), kind, String(ctx.params.id), body));
      ctx.body = { entry: toCatalogEntryView(changed.entry), inquiriesUpdated: changed.inquiriesUpdated } satisfies z.output<typeof CatalogChangeSchema>;
    });
    router.post(`/${path}/:id/merge`, auth, jsonBody(), async (ctx) => {
      const body = ctx.state.body as MergeCatalogEntryInput;
      const merged = unwrap(await services.mergeCatalogEntry.execute(workspaceOf(ctx.state), kind, String(ctx.params.id), body));
      ctx.body = { into: toCatalogEntryView(merged.into), inquiriesMoved: merged.inquiriesMoved } satisfies z.output<typeof CatalogMergeSchema>;
    });
    router.delete(`/${path}/:id`, auth, async (ctx) => {
      const query = queryObject(ctx.query) as DeleteCatalogEntryInput;
      ctx.body = unwrap(await services.deleteCatalogEntry.execute(workspaceOf(ctx.state), kind, String(ctx.params.id), query)) satisfies z.output<
        typeof CatalogDeleteSchema
      >;
    });
  }
  return router;
}

const notFound = { 404: { description: "No such entry (id or name) in the key's workspace." } };

const catalogListDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: "/api/v1/statuses",
    summary: "The workspace's statuses",
    tags: ["Catalogs"],
    auth: "secret-key",
    responses: { 200: { description: "Every status, with `isWon` and `isLost`.", schema: CatalogListSchema } },
  },
  {
    method: "get",
    path: "/api/v1/sources",
    summary: "The workspace's sources",
    tags: ["Catalogs"],
    auth: "secret-key",
    responses: { 200: { description: "Every source, with its `scoreWeight`.", schema: CatalogListSchema } },
  },
];

export const catalogRouteDocs: readonly RouteDoc[] = [...catalogListDocs, ...CATALOGS.flatMap(([path, kind]): RouteDoc[] => [
  {
    method: "patch",
    path: `/api/v1/${path}/:id`,
    summary: `Rename, move${kind === "source" ? " or reweigh" : ""} a ${kind}`,
    description:
      "`:id` is the entry's id or its name. A new name is taken over by its inquiries; `position` (from 1) moves it in the list. " +
      (kind === "source" ? "A new `scoreWeight` rescores the source's inquiries in the same step." : "`scoreWeight` is for sources only."),
    tags: ["Catalogs"],
    auth: "secret-key",
    body: ChangeCatalogEntryInput,
    responses: {
      200: { description: "The entry as it is now.", schema: CatalogChangeSchema },
      400: { description: "An invalid name, position or weight; `errors[].path` names the field." },
      409: { description: `Another ${kind} has this name: merge into it instead.` },
      ...notFound,
    },
  },
  {
    method: "post",
    path: `/api/v1/${path}/:id/merge`,
    summary: `Merge a ${kind} into another`,
    description: `Moves the ${kind}'s inquiries to \`into\` (id or name), rescoring them, and removes it.`,
    tags: ["Catalogs"],
    auth: "secret-key",
    body: MergeCatalogEntryInput,
    responses: {
      200: { description: "The remaining entry and how many inquiries moved.", schema: CatalogMergeSchema },
      400: { description: "`into` is missing, unknown or the same entry." },
      ...notFound,
    },
  },
  {
    method: "delete",
    path: `/api/v1/${path}/:id`,
    summary: `Delete a ${kind}`,
    description: `With \`moveTo\` (id or name) its inquiries move there first; without it, only a ${kind} no inquiry uses can be deleted.`,
    tags: ["Catalogs"],
    auth: "secret-key",
    query: DeleteCatalogEntryInput,
    responses: {
      200: { description: "Deleted; how many inquiries moved.", schema: CatalogDeleteSchema },
      400: { description: "`moveTo` is unknown or the same entry." },
      409: { description: `Inquiries still have this ${kind} and no \`moveTo\` was given.` },
      ...notFound,
    },
  },
])];
