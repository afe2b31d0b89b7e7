import type { Readable } from "node:stream";
import type ExcelJS from "exceljs";
import type { CellValue, RawRow, RowSource } from "../../application/ports/row-source.js";
import { SpreadsheetError } from "./spreadsheet-error.js";

type ExcelValue = ExcelJS.CellValue;

/**
 * A cell as the import reads it. Formulas give their cached result, the value Excel showed
 * when the file was saved; nothing is ever evaluated. Dates become `YYYY-MM-DD`.
 */
export function cellValueOf(value: ExcelValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number") return value;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if ("result" in value) return cellValueOf(value.result ?? null);
  if ("formula" in value || "sharedFormula" in value) return null;
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("hyperlink" in value) return typeof value.text === "string" ? value.text : cellValueOf(value.text as ExcelValue);
  if ("error" in value) return value.error;
  return null;
}

/**
 * The rows of one sheet of an .xlsx file (the first, or the one named), streamed: only shared
 * strings and styles are held in memory. Check the file with `assertSafeZip` first.
 */
export function xlsxRows(open: () => Readable, sheetName?: string): RowSource {
  return {
    async *[Symbol.asyncIterator](): AsyncGenerator<RawRow> {
      // exceljs is large: it is loaded when an .xlsx is read, not for every import (CSV needs none of it).
      const { default: excel } = await import("exceljs");
      const input = open();
      const reader = new excel.stream.xlsx.WorkbookReader(input, {
        worksheets: "emit",
        sharedStrings: "cache",
        styles: "cache",
        hyperlinks: "ignore",
        entries: "ignore",
      });
      const seen: string[] = [];
      try {
        for await (const sheet of reader) {
          const name = (sheet as unknown as { name: string }).name;
          seen.push(name);
          if (sheetName !== undefined && name !== sheetName) continue;
          for await (const row of sheet) {
            const values = row.values as ExcelValue[];
            const cells: CellValue[] = [];
            for (let column = 1; column < values.length; column += 1) cells.push(cellValueOf(values[column]));
            yield { number: row.number, cells };
          }
          return;
        }
      } catch (error) {
        throw new SpreadsheetError(`cannot read the .xlsx file: ${(error as Error).message}`);
      } finally {
        input.destroy();
      }
      throw new SpreadsheetError(
        sheetName === undefined ? "the .xlsx file has no worksheet" : `no sheet "${sheetName}" in the .xlsx file (sheets: ${seen.join(", ")})`,
      );
    },
  };
}
