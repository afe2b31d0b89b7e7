import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { TableCell, TableWriter } from "../../application/ports/table-writer.js";

const MONEY_FORMAT = "#,##0.00";
const DATE_FORMAT = "dd.mm.yyyy";

function valueOf(cell: TableCell): ExcelJS.CellValue {
  if (cell === null) return null;
  switch (cell.kind) {
    case "text":
      return cell.value;
    case "money":
      return cell.cents / 100;
    case "integer":
      return cell.value;
    case "date":
      return new Date(`${cell.value}T00:00:00Z`);
  }
}

/**
 * An .xlsx workbook through exceljs's streaming writer: each row is committed and flushed as it
 * comes, so the workbook is never held whole. Text stays text (cells are never formulas here),
 * amounts are numbers with two decimals and dates real dates shown as dd.mm.yyyy.
 */
export class XlsxTableWriter implements TableWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private sheet: ExcelJS.Worksheet | null = null;

  constructor(out: Writable) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  }

  async start(sheetName: string, headers: readonly string[]): Promise<void> {
    this.sheet = this.workbook.addWorksheet(sheetName);
    const header = this.sheet.addRow([...headers]);
    header.font = { bold: true };
    header.commit();
  }

  async row(cells: readonly TableCell[]): Promise<void> {
    if (!this.sheet) throw new Error("start() first");
    const row = this.sheet.addRow(cells.map(valueOf));
    cells.forEach((cell, index) => {
      if (cell?.kind === "money") row.getCell(index + 1).numFmt = MONEY_FORMAT;
      if (cell?.kind === "date") row.getCell(index + 1).numFmt = DATE_FORMAT;
    });
    row.commit();
    // Committed rows sit in the writer until the event loop turns; let them flow out.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  async finish(): Promise<void> {
    this.sheet?.commit();
    await this.workbook.commit();
  }
}
