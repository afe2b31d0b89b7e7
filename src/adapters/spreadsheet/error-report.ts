import { once } from "node:events";
import type { Writable } from "node:stream";
import type { FailedRow } from "../../application/import/import-rows.js";

/**
 * Excel runs a cell starting with "=", "+", "-" or "@" (and, in some versions, a tab or carriage
 * return before them) as a formula. Values from an untrusted file are prefixed with "'" so the
 * report shows them as text instead (OWASP "CSV injection").
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const DELIMITER = ";";

function field(value: string): string {
  const safe = neutralizeFormula(value);
  return /[";\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The error report: one line per problem with the row number, its severity ("error": the row
 * was not imported; "warning": it was, without the named column), the column, the reason and the
 * row's original values. Semicolon-separated UTF-8 with a byte-order mark, which German Excel
 * opens correctly by double-click. A few lines of quoting here spare a CSV-writer dependency.
 */
export class ErrorReportWriter {
  private out: Writable | null = null;
  private failure: Error | null = null;

  /** The report is opened on its first line, so an import without failures creates no file. */
  constructor(private readonly open: () => Writable) {}

  async add(row: FailedRow, headers: readonly string[]): Promise<void> {
    if (this.out === null) await this.start(headers);
    for (const issue of row.issues) {
      const values = headers.map((_, index) => row.values[index] ?? "");
      await this.write(`${[String(row.number), row.severity, issue.column ?? "", issue.message, ...values].map(field).join(DELIMITER)}\r\n`);
    }
  }

  /** Finishes the report; with `writeEmpty` a run without failures leaves a report of just the header line. */
  async close(headers: readonly string[], writeEmpty: boolean): Promise<void> {
    if (this.out === null && writeEmpty) await this.start(headers);
    const out = this.out;
    if (out === null) return;
    out.end();
    if (!out.writableFinished && !this.failure) await once(out, "finish").catch(() => undefined);
    if (this.failure) throw this.failure;
  }

  private async start(headers: readonly string[]): Promise<void> {
    this.out = this.open();
    // Remembered instead of crashing the process; the next write reports it.
    this.out.on("error", (error: Error) => (this.failure ??= new Error(`cannot write the error report: ${error.message}`)));
    // A file that cannot be opened says so on the next turn of the event loop; wait for it.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await this.write(`\uFEFF${["row", "severity", "column", "reason", ...headers].map(field).join(DELIMITER)}\r\n`);
  }

  private async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    const out = this.out;
    if (out !== null && !out.write(text, "utf8")) await once(out, "drain");
  }
}
