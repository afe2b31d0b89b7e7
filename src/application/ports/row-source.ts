/**
 * A cell as a spreadsheet adapter hands it over: text, a number the file stored as a number, or
 * nothing. Dates arrive as `YYYY-MM-DD` text or as Excel serial numbers; formulas as their cached result.
 */
export type CellValue = string | number | null;

/** One row of a sheet or CSV file, numbered as the user sees it (the header is row 1). */
export interface RawRow {
  readonly number: number;
  readonly cells: readonly CellValue[];
}

/**
 * The rows of one table, read lazily so that a file of any size streams through in bounded
 * memory. The first non-empty row is the header. Reading throws when the file is unreadable.
 */
export type RowSource = AsyncIterable<RawRow>;
