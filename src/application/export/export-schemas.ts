import { z } from "zod";
import { ListCustomersInput } from "../customers/customer-queries.js";
import { ListInquiriesInput } from "../inquiries/inquiry-schemas.js";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const format = z.enum(EXPORT_FORMATS).optional().describe("`csv` (default: `;`, UTF-8 with BOM, German numbers and dates) or `xlsx`.");

/** The list's filters and sort, without paging: an export holds every match. */
export const ExportInquiriesInput = ListInquiriesInput.omit({ limit: true, cursor: true }).extend({ format });
export type ExportInquiriesInput = z.input<typeof ExportInquiriesInput>;

export const ExportCustomersInput = ListCustomersInput.omit({ limit: true, cursor: true }).extend({ format });
export type ExportCustomersInput = z.input<typeof ExportCustomersInput>;

export interface ExportSummary {
  readonly rows: number;
}

/** Records per read: each page is its own short snapshot, so a long export never holds one open. */
export const EXPORT_PAGE_SIZE = 200;
