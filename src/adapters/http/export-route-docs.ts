import { ExportCustomersInput, ExportInquiriesInput } from "../../application/export/export-schemas.js";
import type { RouteDoc } from "./openapi/route-doc.js";

const FILE =
  "CSV (default) as German Excel opens it: `;` between fields, UTF-8 with a byte-order mark, decimal comma, dates as dd.mm.yyyy, " +
  "text that Excel would run as a formula prefixed with `'`. With `format=xlsx` an Excel workbook. The headers are the ones " +
  "`leadport import` recognises, so the file imports again unchanged. Streamed page by page.";

export const exportRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: "/api/v1/inquiries/export",
    summary: "Export inquiries as CSV or .xlsx",
    description: `Every inquiry matching the same filters and \`sort\` as the list, without paging. ${FILE}`,
    tags: ["Inquiries"],
    auth: "secret-key",
    query: ExportInquiriesInput,
    responses: {
      200: { description: "The file, as an attachment.", contentType: "text/csv" },
      400: { description: "An invalid filter, sort or format." },
    },
  },
  {
    method: "get",
    path: "/api/v1/customers/export",
    summary: "Export customers as CSV or .xlsx",
    description: `Every customer matching \`q\`, newest first. ${FILE}`,
    tags: ["Customers"],
    auth: "secret-key",
    query: ExportCustomersInput,
    responses: {
      200: { description: "The file, as an attachment.", contentType: "text/csv" },
      400: { description: "An invalid filter or format." },
    },
  },
];
