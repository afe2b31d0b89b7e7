import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import cliProgress from "cli-progress";
import { Option, type Command } from "commander";
import type { ImportSummary } from "../../application/import/import-rows.js";
import { IMPORT_TYPES, type ImportMappingInput, type ImportType } from "../../application/import/import-mapping.js";
import type { Failure } from "../../domain/shared/failure.js";
import type { Result } from "../../domain/shared/result.js";
import { DEFAULT_WORKSPACE_NAME } from "../../domain/workspace/workspace.js";
import { maxImportBytes, openSpreadsheetFile, type OpenedSpreadsheet } from "../../adapters/spreadsheet/open-spreadsheet.js";
import { SpreadsheetError } from "../../adapters/spreadsheet/spreadsheet-error.js";
import { importSpreadsheet, previewSpreadsheet } from "../../adapters/spreadsheet/spreadsheet-import.js";
import type { CliIo } from "../cli.js";
import { EXIT } from "./exit-codes.js";
import type { UseCases } from "../container.js";

export interface ImportCommandHost {
  readonly io: CliIo;
  readonly withUseCases: <T>(work: (useCases: UseCases) => Promise<T>) => Promise<T>;
  /** Ends the command with a message and an exit code. */
  readonly fail: (message: string, exitCode: number) => never;
  /** The workspace by name or id, by the CLI's one rule for a fresh database. */
  readonly workspaceId: (useCases: UseCases, nameOrId: string) => Promise<string>;
}

interface ImportFlags {
  type?: ImportType;
  map?: string;
  printMapping?: boolean;
  dryRun?: boolean;
  update?: boolean;
  workspace: string;
  source?: string;
  errors?: string;
  sheet?: string;
  notify?: boolean;
}

/** Exit codes of `leadport import`: everything imported, some rows failed, nothing could be done (the CLI's one table). */
export const IMPORT_EXIT = { ok: EXIT.ok, rowsFailed: EXIT.rowsFailed, fatal: EXIT.failed } as const;

/** How often plain progress lines appear when stderr is not a terminal. */
const PLAIN_PROGRESS_EVERY_MS = 5_000;

async function readMapping(path: string, fail: ImportCommandHost["fail"]): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    return fail(`cannot read the mapping ${path}: ${(error as Error).message}`, IMPORT_EXIT.fatal);
  }
}

/** A progress bar (rows, rows/s, ETA from the bytes read) on a terminal, a plain line every few seconds otherwise. */
function progressReporter(io: CliIo, opened: OpenedSpreadsheet): { update(rows: number): void; stop(): void } {
  const startedAt = Date.now();
  const rate = (rows: number) => Math.round(rows / Math.max(0.001, (Date.now() - startedAt) / 1000));
  if (io.errTerminal) {
    const bar = new cliProgress.SingleBar(
      { format: "{bar} {percentage}% | {rows} rows | {speed} rows/s | ETA {eta_formatted}", stream: io.errTerminal, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(opened.totalBytes ?? 1, 0, { rows: 0, speed: 0 });
    return {
      update: (rows) => bar.update(opened.bytesRead(), { rows, speed: rate(rows) }),
      stop: () => bar.stop(),
    };
  }
  let lastLine = startedAt;
  return {
    update: (rows) => {
      if (Date.now() - lastLine < PLAIN_PROGRESS_EVERY_MS) return;
      lastLine = Date.now();
      const share = opened.totalBytes ? ` (${Math.floor((100 * opened.bytesRead()) / opened.totalBytes)}% of the file)` : "";
      io.err(`... ${rows} rows, ${rate(rows)} rows/s${share}\n`);
    },
    stop: () => {},
  };
}

function printSummary(io: CliIo, file: string, workspace: string, summary: ImportSummary, reportPath: string | null): void {
  const unmapped = Object.entries(summary.columns).filter(([, field]) => field === null).map(([header]) => header);
  io.out(`${summary.dryRun ? "Dry run of" : "Imported"} ${basename(file)} as ${summary.type} into workspace ${workspace}:\n`);
  const width = String(summary.rows).length;
  for (const key of ["rows", "created", "updated", "unchanged", "failed", "warnings"] as const) {
    io.out(`  ${key.padEnd(10)}${String(summary[key]).padStart(width)}\n`);
  }
  if (unmapped.length > 0) io.out(`Columns not imported: ${unmapped.join(", ")}\n`);
  if ((summary.failed > 0 || summary.warnings > 0) && reportPath) io.out(`Failed rows and warnings are listed in ${reportPath}\n`);
  if (summary.dryRun) io.out("Dry run: nothing was written to the database.\n");
}

const orFatal = <T>(result: Result<T, Failure>, host: ImportCommandHost): T =>
  result.ok ? result.value : host.fail(result.error.message, IMPORT_EXIT.fatal);

/** Registers `leadport import FILE ...`. */
export function registerImportCommand(program: Command, host: ImportCommandHost): void {
  const { io, fail } = host;
  program
    .command("import")
    .description("import inquiries or customers from an .xlsx, .csv or .tsv file (exit 0: all rows in, 3: some rows failed, 1: nothing imported)")
    .argument("<file>", "the spreadsheet: .xlsx (first sheet, or --sheet), .csv or .tsv")
    .addOption(new Option("--type <type>", "what the rows are").choices(IMPORT_TYPES))
    .option("--map <mapping.json>", "column mapping as printed by --print-mapping (default: mapped from the headers)")
    .option("--print-mapping", "print the suggested mapping, the unmapped columns and a sample row as JSON; writes nothing")
    .option("--dry-run", "validate and match every row, then roll back: same summary and error report, nothing written")
    .option("--update", "update records an earlier import made when their row changed (default: leave them alone)")
    .option("--workspace <workspace>", "workspace name or id", DEFAULT_WORKSPACE_NAME)
    .option("--source <name>", "source of inquiries whose row names none (default: Import)")
    .option("--errors <report.csv>", "where to write the error report (default: FILE.errors.csv beside the file)")
    .option("--sheet <name>", "the .xlsx sheet to read (default: the first)")
    .option("--notify", "notify staff of every imported inquiry (default: one summary notification per import)")
    .action(async (file: string, flags: ImportFlags) => {
      let opened: OpenedSpreadsheet;
      try {
        opened = await openSpreadsheetFile(file, { sheet: flags.sheet, maxBytes: maxImportBytes(io.env) });
      } catch (error) {
        if (error instanceof SpreadsheetError) return fail(error.message, IMPORT_EXIT.fatal);
        throw error;
      }
      const mapping = flags.map === undefined ? undefined : await readMapping(flags.map, fail);
      if (flags.printMapping) {
        const mappingType = (mapping as { type?: ImportType } | undefined)?.type;
        const preview = orFatal(await previewSpreadsheet(opened, flags.type ?? mappingType ?? "inquiries"), host);
        io.out(`${JSON.stringify(preview, null, 2)}\n`);
        return;
      }
      await host.withUseCases(async (useCases) => {
        const workspaceId = await host.workspaceId(useCases, flags.workspace);
        const reportPath = flags.errors ?? join(dirname(file), `${basename(file, extname(file))}.errors.csv`);
        const progress = progressReporter(io, opened);
        const result = await importSpreadsheet(useCases.importRows, workspaceId, opened, {
          type: flags.type,
          // Parsed and checked by the use case, which names every mistake.
          mapping: mapping as ImportMappingInput | undefined,
          dryRun: flags.dryRun,
          update: flags.update,
          source: flags.source,
          notify: flags.notify,
          onProgress: (rows) => progress.update(rows),
          errorReport: () => createWriteStream(reportPath),
          alwaysWriteReport: flags.errors !== undefined,
        }).finally(() => progress.stop());
        const summary = orFatal(result, host);
        printSummary(io, file, flags.workspace, summary, reportPath);
        if (summary.failed > 0) fail(`${summary.failed} of ${summary.rows} rows failed; see ${reportPath}`, IMPORT_EXIT.rowsFailed);
      });
    });
}
