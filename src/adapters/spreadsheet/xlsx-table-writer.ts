import type { Writable } from "node:stream";
import type ExcelJS from "exceljs";
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
  private workbook: ExcelJS.stream.xlsx.WorkbookWriter | null = null;
  private sheet: ExcelJS.Worksheet | null = null;

  constructor(private readonly out: Writable) {}

  async start(sheetName: string, headers: readonly string[]): Promise<void> {
    this.sheet = (await this.openWorkbook()).addWorksheet(sheetName);
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
    await (await this.openWorkbook()).commit();
  }

  /** exceljs is large: it is loaded when an .xlsx is written, not whenever a host starts. */
  private async openWorkbook(): Promise<ExcelJS.stream.xlsx.WorkbookWriter> {
    if (!this.workbook) {
      const { default: excel } = await import("exceljs");
      this.workbook = new excel.stream.xlsx.WorkbookWriter({ stream: this.out, useStyles: true, useSharedStrings: false });
    }
    return this.workbook;
  }
}
