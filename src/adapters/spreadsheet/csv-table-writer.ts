import { once } from "node:events";
import type { Writable } from "node:stream";
import type { TableCell, TableWriter } from "../../application/ports/table-writer.js";
import { neutralizeFormula } from "./error-report.js";

const DELIMITER = ";";

function quoted(value: string): string {
  return /[";\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A cell as German Excel shows it: 1234,50 and 31.12.2026; text that would run as a formula is marked as text. */
export function germanCsvCell(cell: TableCell): string {
  if (cell === null) return "";
  switch (cell.kind) {
    case "text":
      return quoted(neutralizeFormula(cell.value));
    case "money": {
      const cents = Math.abs(cell.cents);
      return `${cell.cents < 0 ? "-" : ""}${Math.floor(cents / 100)},${String(cents % 100).padStart(2, "0")}`;
    }
    case "integer":
      return String(cell.value);
    case "date": {
      const [year, month, day] = cell.value.split("-");
      return `${day}.${month}.${year}`;
    }
  }
}

/**
 * CSV the way German Excel opens it by double-click: `;` between fields, UTF-8 with a byte-order
 * mark, CRLF line ends, decimal comma, dd.mm.yyyy dates (the error report's conventions).
 */
export class CsvTableWriter implements TableWriter {
  constructor(private readonly out: Writable) {}

  async start(_sheetName: string, headers: readonly string[]): Promise<void> {
    await this.write(`\uFEFF${headers.map((header) => quoted(header)).join(DELIMITER)}\r\n`);
  }

  async row(cells: readonly TableCell[]): Promise<void> {
    await this.write(`${cells.map(germanCsvCell).join(DELIMITER)}\r\n`);
  }

  async finish(): Promise<void> {
    this.out.end();
    if (!this.out.writableFinished) await once(this.out, "finish");
  }

  private async write(text: string): Promise<void> {
    if (this.out.destroyed) throw new Error("the export's receiver has gone away");
    if (!this.out.write(text, "utf8")) await once(this.out, "drain");
  }
}
