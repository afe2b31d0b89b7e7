import { PassThrough } from "node:stream";
import Router from "@koa/router";
import type { Middleware } from "koa";
import type { AuthenticateApiKey } from "../../application/access/authenticate-api-key.js";
import type { ExportCustomers } from "../../application/export/export-customers.js";
import type { ExportInquiries } from "../../application/export/export-inquiries.js";
import type { ExportSummary } from "../../application/export/export-schemas.js";
import type { TableWriter } from "../../application/ports/table-writer.js";
import type { Failure } from "../../domain/shared/failure.js";
import type { Result } from "../../domain/shared/result.js";
import { CsvTableWriter } from "../spreadsheet/csv-table-writer.js";
import { XlsxTableWriter } from "../spreadsheet/xlsx-table-writer.js";
import { queryObject, workspaceOf, type LeadportState } from "./context.js";
import { requireSecretKey } from "./middleware.js";
import { unwrap } from "./problem.js";

export interface ExportServices {
  readonly authenticate: AuthenticateApiKey;
  readonly exportInquiries: ExportInquiries;
  readonly exportCustomers: ExportCustomers;
}

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

type Run = (workspaceId: string, query: Record<string, unknown>, writer: TableWriter) => Promise<Result<ExportSummary, Failure>>;

/**
 * Streams an export as the response body. The answer's status is decided when the use case
 * starts writing (its input is valid) or fails before that (a 400 problem); after that the rows
 * flow out page by page, and a failure half-way cuts the download off rather than completing it.
 */
function streamExport(name: string, run: Run): Middleware<LeadportState> {
  return async (ctx) => {
    const query = queryObject(ctx.query);
    const format = query.format === "xlsx" ? "xlsx" : "csv";
    const body = new PassThrough();
    const target = format === "xlsx" ? new XlsxTableWriter(body) : new CsvTableWriter(body);
    let announceStart!: () => void;
    const started = new Promise<null>((resolve) => (announceStart = () => resolve(null)));
    const writer: TableWriter = {
      start: (sheet, headers) => {
        announceStart();
        return target.start(sheet, headers);
      },
      row: (cells) => target.row(cells),
      finish: () => target.finish(),
    };
    const done = run(workspaceOf(ctx.state), query, writer);
    const early = await Promise.race([started, done]);
    if (early !== null) unwrap(early);
    done.then(
      (result) => {
        if (!result.ok) body.destroy(new Error(result.error.message));
      },
      (error: unknown) => body.destroy(error instanceof Error ? error : new Error(String(error))),
    );
    ctx.status = 200;
    ctx.attachment(`${name}-${new Date().toISOString().slice(0, 10)}.${format}`);
    ctx.type = CONTENT_TYPES[format];
    ctx.body = body;
  };
}

/**
 * The export downloads. Mounted before the records router (the export module comes before the
 * records module in FEATURE_MODULES): routers are tried in the order they are mounted, so
 * "export" is never taken for the id of `/inquiries/:id` or `/customers/:id`.
 */
export function exportRoutes(services: ExportServices): Router<LeadportState> {
  const router = new Router<LeadportState>({ prefix: "/api/v1" });
  const auth = requireSecretKey(services.authenticate);
  router.get("/inquiries/export", auth, streamExport("anfragen", (id, query, writer) => services.exportInquiries.execute(id, query, writer)));
  router.get("/customers/export", auth, streamExport("kunden", (id, query, writer) => services.exportCustomers.execute(id, query, writer)));
  return router;
}
