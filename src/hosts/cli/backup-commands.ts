import { existsSync } from "node:fs";
import { EXIT } from "./exit-codes.js";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { restoreBackup, writeBackup, type BackupSources } from "../../adapters/backup/backup-archive.js";
import type { LeadportConfig } from "../config.js";

export interface BackupCommandContext {
  readonly out: (text: string) => void;
  readonly config: () => LeadportConfig;
  readonly fail: (message: string, exitCode: number) => never;
}

const sourcesOf = (config: LeadportConfig): BackupSources => ({
  database: config.database,
  attachmentsDir: join(config.dataDir, "attachments"),
});

/**
 * The archive holds a SQLite file; a PostgreSQL database has its own tools, which copy it
 * consistently while every instance keeps writing.
 */
function refuseOnPostgres(config: LeadportConfig, context: BackupCommandContext, command: "backup" | "restore"): void {
  if (!config.postgres) return;
  const tool = command === "backup" ? "pg_dump --format=custom" : "pg_restore";
  context.fail(
    `${command}s of a PostgreSQL database are pg_dump's job: run ${tool} against LEADPORT_DATABASE_URL ` +
      `(schema ${config.postgres.schema}), and copy ${join(config.dataDir, "attachments")} beside it. ` +
      "leadport backup and restore handle the SQLite file only.",
    EXIT.usage,
  );
}

/** `leadport backup FILE` and `leadport restore FILE`. */
export function registerBackupCommands(program: Command, context: BackupCommandContext): void {
  program
    .command("backup")
    .description("write the database (online, while the server runs) and the attachments into one tar file")
    .argument("<file>", "the backup file to write (replaced if it exists)")
    .action(async (file: string) => {
      const config = context.config();
      refuseOnPostgres(config, context, "backup");
      if (config.database === ":memory:" || !existsSync(config.database)) context.fail(`no database at ${config.database}`, EXIT.failed);
      const summary = await writeBackup(sourcesOf(config), resolve(file));
      context.out(`Backed up ${config.database} and ${summary.files - 1} attachment file(s) to ${resolve(file)} (${summary.bytes} bytes).\n`);
    });

  program
    .command("restore")
    .description("replace the database and attachments with a backup; stop the server first")
    .argument("<file>", "a file written by leadport backup")
    .option("--force", "replace an existing database")
    .action(async (file: string, options: { force?: boolean }) => {
      const config = context.config();
      refuseOnPostgres(config, context, "restore");
      if (!existsSync(file)) context.fail(`no backup file at ${file}`, EXIT.failed);
      if (existsSync(config.database) && !options.force) {
        context.fail(`${config.database} exists; stop the server and add --force to replace it with the backup`, EXIT.failed);
      }
      const summary = await restoreBackup(resolve(file), sourcesOf(config));
      context.out(`Restored ${config.database} and ${summary.files - 1} attachment file(s) from ${resolve(file)}.\n`);
    });
}
