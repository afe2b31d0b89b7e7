import type { CalendarDate } from "../../domain/shared/dates.js";
import type { Cents } from "../../domain/shared/money.js";

/** A cell of an exported table, typed so that each format writes it the way its readers expect. */
export type TableCell =
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "money"; readonly cents: Cents }
  | { readonly kind: "integer"; readonly value: number }
  | { readonly kind: "date"; readonly value: CalendarDate }
  | null;

/** Writes a table row by row (CSV, .xlsx); each call waits while the receiver is still busy. */
export interface TableWriter {
  start(sheetName: string, headers: readonly string[]): Promise<void>;
  row(cells: readonly TableCell[]): Promise<void>;
  finish(): Promise<void>;
}
