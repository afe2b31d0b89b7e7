import { once } from "node:events";
import { EXIT } from "./exit-codes.js";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Argument, Option, type Command } from "commander";
import { EXPORT_FORMATS, type ExportFormat } from "../../application/export/export-schemas.js";
import { FOLLOW_UP_DUE, INQUIRY_SORTS } from "../../application/inquiries/inquiry-schemas.js";
import type { TableWriter } from "../../application/ports/table-writer.js";
import { CsvTableWriter } from "../../adapters/spreadsheet/csv-table-writer.js";
import { XlsxTableWriter } from "../../adapters/spreadsheet/xlsx-table-writer.js";
import type { CliContext } from "./notification-commands.js";

interface ExportFlags {
  format: ExportFormat;
  out?: string;
  workspace: string;
  status?: string;
  source?: string;
  assignee?: string;
  tag?: string;
  search?: string;
  minScore?: string;
  followUpDue?: (typeof FOLLOW_UP_DUE)[number];
  sort?: (typeof INQUIRY_SORTS)[number];
  createdAfter?: string;
  createdBefore?: string;
}

/**
 * Where the rows go: a file that appears only once the export is complete (written beside it
 * under a temporary name, then renamed), or standard output for CSV.
 */
function destination(flags: ExportFlags, out: (text: string) => void) {
  const body = new PassThrough();
  let finished: Promise<unknown> = Promise.resolve();
  const partial = flags.out === undefined ? null : `${flags.out}.partial`;
  const open = () => {
    if (partial === null) {
      body.setEncoding("utf8");
      body.on("data", (text: string) => out(text));
      finished = once(body, "end");
    } else {
      finished = pipeline(body, createWriteStream(partial, { mode: 0o600 }));
    }
  };
  return {
    body,
    open,
    async commit() {
      await finished;
      if (partial !== null && flags.out !== undefined) await rename(partial, flags.out);
    },
    async abandon() {
      body.destroy();
      await finished.catch(() => undefined);
      if (partial !== null) await rm(partial, { force: true });
    },
  };
}

/** Registers `leadport export inquiries|customers`. */
export function registerExportCommand(program: Command, cli: CliContext): void {
  program
    .command("export")
    .description("export inquiries or customers as CSV (German Excel) or .xlsx; `leadport import` reads the file back")
    .addArgument(new Argument("<what>", "what to export").choices(["inquiries", "customers"]))
    .addOption(new Option("--format <format>", "file format").choices(EXPORT_FORMATS).default("csv"))
    .option("--out <file>", "write to this file (default: standard output, CSV only)")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--status <status>", "inquiries with this status")
    .option("--source <source>", "inquiries from this source")
    .option("--assignee <email>", "inquiries of this staff member")
    .option("--tag <tag>", "inquiries with this tag")
    .option("--search <text>", "text search (as `q` in the API)")
    .option("--min-score <score>", "inquiries with at least this lead score")
    .addOption(new Option("--follow-up-due <when>", "follow-up due (Europe/Berlin calendar)").choices(FOLLOW_UP_DUE))
    .addOption(new Option("--sort <sort>", "order of the rows (default: newest first)").choices(INQUIRY_SORTS))
    .option("--created-after <date>", "created on or after (YYYY-MM-DD or ISO timestamp)")
    .option("--created-before <date>", "created before (YYYY-MM-DD or ISO timestamp)")
    .action(async (what: "inquiries" | "customers", flags: ExportFlags) => {
      if (flags.format === "xlsx" && flags.out === undefined) cli.fail("--format xlsx needs --out FILE", EXIT.usage);
      await cli.withUseCases(async (useCases) => {
        const workspaceId = await cli.workspaceId(useCases, flags.workspace);
        const target = destination(flags, cli.out);
        const file = flags.format === "xlsx" ? new XlsxTableWriter(target.body) : new CsvTableWriter(target.body);
        const writer: TableWriter = {
          start: (sheet, headers) => {
            target.open();
            return file.start(sheet, headers);
          },
          row: (cells) => file.row(cells),
          finish: () => file.finish(),
        };
        try {
          const summary = cli.orFail(
            what === "customers"
              ? await useCases.exportCustomers.execute(workspaceId, { q: flags.search, format: flags.format }, writer)
              : await useCases.exportInquiries.execute(
                  workspaceId,
                  {
                    status: flags.status,
                    source: flags.source,
                    assignee: flags.assignee,
                    tag: flags.tag,
                    q: flags.search,
                    minScore: flags.minScore,
                    followUpDue: flags.followUpDue,
                    sort: flags.sort,
                    createdAfter: flags.createdAfter,
                    createdBefore: flags.createdBefore,
                    format: flags.format,
                  },
                  writer,
                ),
          );
          await target.commit();
          if (flags.out !== undefined) cli.out(`Exported ${summary.rows} ${what} to ${flags.out}\n`);
        } catch (error) {
          await target.abandon();
          throw error;
        }
      });
    });
}
