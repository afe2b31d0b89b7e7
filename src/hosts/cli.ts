import "reflect-metadata";
import { Command, CommanderError, Option } from "commander";
import type { Failure } from "../domain/shared/failure.js";
import { ConfigError, readConfig, type LeadportConfig } from "./config.js";
import { COMMAND_LOCK_POLICY, compose, configuredStorage, MissingPostgresStorageError, resolveUseCases, type UseCases } from "./container.js";
import { startHttpServer } from "./http-server.js";
import { NotificationConfigError } from "./notification-config.js";
import { EXIT, EXIT_FOR_FAILURE } from "./cli/exit-codes.js";
import { PACKAGE_VERSION } from "./version.js";
import { DEFAULT_WORKSPACE_NAME } from "../domain/workspace/workspace.js";
import { formatApiKeyRate } from "../domain/workspace/api-key-rate.js";
import type { DependencyContainer } from "tsyringe";
import { FEATURE_MODULES } from "./modules/index.js";
import { ModuleConfigError, type CliModuleContext, type FeatureModule } from "./modules/feature-module.js";


class CliFailure extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

function orFail<T>(result: { ok: true; value: T } | { ok: false; error: Failure }): T {
  if (!result.ok) throw new CliFailure(result.error.message, EXIT_FOR_FAILURE[result.error.code]);
  return result.value;
}

interface GlobalOptions {
  db?: string;
  databaseUrl?: string;
  dataDir?: string;
}

/**
 * Everything a command reads from or writes to its surroundings, so that the whole CLI also
 * runs inside another process (a test, a host application) without touching its globals.
 */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** The terminal behind `err`, if it is one: long commands draw a progress bar on it (default: plain progress lines). */
  readonly errTerminal?: NodeJS.WriteStream;
  /** Calls `stop` when a running `serve` is asked to end (default: on SIGTERM or SIGINT to this process). */
  readonly onStopRequest?: (stop: () => void) => void;
}

const stopOnSignals = (stop: () => void): void => {
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
};

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  errTerminal: process.stderr.isTTY ? process.stderr : undefined,
};

/** Builds the command tree; `run` parses argv and returns the exit code instead of exiting. */
export function buildCli(io: CliIo = defaultIo, modules: readonly FeatureModule<object>[] = FEATURE_MODULES): Command {
  const program = new Command("leadport")
    .description("Leadport: lead intake for craft businesses. Serve the API, manage workspaces and keys.")
    .addOption(new Option("--db <path>", "SQLite database file (default: $LEADPORT_DB or $LEADPORT_DATA_DIR/leadport.db)"))
    .addOption(
      new Option("--database-url <url>", "a PostgreSQL database instead of SQLite, postgres://user@host:port/db (default: $LEADPORT_DATABASE_URL; schema $LEADPORT_DATABASE_SCHEMA)"),
    )
    .addOption(new Option("--data-dir <dir>", "data directory (default: $LEADPORT_DATA_DIR or ./data)"))
    .version(PACKAGE_VERSION, "-V, --version", "print the version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  const config = (): LeadportConfig => {
    const globals = program.opts<GlobalOptions>();
    return readConfig(io.env, { db: globals.db, databaseUrl: globals.databaseUrl, dataDir: globals.dataDir });
  };

  /** Opens the database for one command and always closes it. */
  const withUseCases = async <T>(work: (useCases: UseCases, container: DependencyContainer) => Promise<T>): Promise<T> => {
    const settings = config();
    // The data directory too: attachment files are exported, erased and cleaned up from the CLI as well.
    const composition = compose({
      modules,
      storage: configuredStorage(settings),
      dataDir: settings.dataDir,
      notifications: settings.notifications,
      lock: COMMAND_LOCK_POLICY,
      bulkLimits: settings.bulkLimits,
      env: settings.env,
    });
    try {
      return await work(resolveUseCases(composition.container), composition.container);
    } finally {
      await composition.close();
    }
  };

  /**
   * Every command finds its workspace the same way: on a fresh database "default" is created
   * with its first key (printed on stderr, as `serve` prints it); anything else missing is an
   * error that says what to run.
   */
  const workspaceId = async (useCases: UseCases, nameOrId: string): Promise<string> => {
    const opened = await useCases.openWorkspace.execute(nameOrId);
    if (opened.ok) {
      if (opened.value.created) {
        io.err(`Created workspace "${DEFAULT_WORKSPACE_NAME}" on this new database.\n`);
        if (opened.value.firstKey) io.err(`Its first API key (shown only once): ${opened.value.firstKey.plainKey}\n`);
      }
      return opened.value.workspace.id;
    }
    if (opened.error.code !== "not_found") throw new CliFailure(opened.error.message, EXIT_FOR_FAILURE[opened.error.code]);
    const known = orFail(await useCases.listWorkspaces.execute()).map((w) => w.name);
    const hint = known.length > 0 ? ` Existing workspaces: ${known.join(", ")}.` : "";
    throw new CliFailure(
      `workspace "${nameOrId}" not found. Create it with: leadport workspaces create ${nameOrId}${hint}`,
      EXIT.failed,
    );
  };

  program
    .command("serve")
    .description("run the HTTP API (PORT, HOST, LEADPORT_DATA_DIR, LEADPORT_DB or LEADPORT_DATABASE_URL)")
    .option("--port <port>", "port to listen on (default: $PORT or 3000)")
    .option("--host <host>", "address to bind (default: $HOST or 127.0.0.1)")
    .action(async (options: { port?: string; host?: string }) => {
      const globals = program.opts<GlobalOptions>();
      const running = await startHttpServer(
        readConfig(io.env, { db: globals.db, databaseUrl: globals.databaseUrl, dataDir: globals.dataDir, port: options.port, host: options.host }),
        { print: (line) => io.out(`${line}\n`), printError: (line) => io.err(`${line}\n`) },
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          io.err("Shutting down...\n");
          void running.close().then(resolve);
        };
        (io.onStopRequest ?? stopOnSignals)(stop);
      });
    });

  program
    .command("migrate")
    .description("apply pending database migrations and report the schema version")
    .action(async () => {
      const composition = compose({ modules, storage: configuredStorage(config()), migrate: false, lock: COMMAND_LOCK_POLICY, env: io.env });
      try {
        // On PostgreSQL under the same advisory lock as a starting server: running beside one is safe.
        const applied = await composition.database.migrate();
        if (applied.core.length) io.out(`Applied migrations: ${applied.core.join(", ")}\n`);
        for (const { feature, version } of applied.features) io.out(`Applied ${feature} migration ${version}\n`);
        if (!applied.core.length && !applied.features.length) io.out("Database is up to date.\n");
        io.out(`Schema version ${applied.schemaVersion}\n`);
      } finally {
        await composition.close();
      }
    });

  const workspaces = program.command("workspaces").description("create and list workspaces (tenants)");
  workspaces
    .command("create")
    .description("create a workspace")
    .argument("<name>", "workspace name: letters, digits, '.', '_' or '-'")
    .option("--locale <locale>", "language of notifications: de or en", "de")
    .action(async (name: string, options: { locale: "de" | "en" }) =>
      withUseCases(async (useCases) => {
        const workspace = orFail(await useCases.createWorkspace.execute(name, options.locale));
        io.out(`Created workspace ${workspace.name} (${workspace.id})\n`);
      }),
    );
  workspaces
    .command("list")
    .description("list workspaces")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) =>
      withUseCases(async (useCases) => {
        const list = orFail(await useCases.listWorkspaces.execute());
        const ratePerKey = (w: (typeof list)[number]) => (w.apiKeyRate ? formatApiKeyRate(w.apiKeyRate) : null);
        if (options.json) {
          return io.out(`${JSON.stringify(list.map((w) => ({ id: w.id, name: w.name, locale: w.locale, createdAt: w.createdAt, apiRatePerKey: ratePerKey(w) })), null, 2)}\n`);
        }
        if (list.length === 0) return io.out("No workspaces yet. Create one with: leadport workspaces create NAME\n");
        for (const w of list) io.out(`${w.id}  ${w.name}  ${w.createdAt}  api rate per key ${ratePerKey(w) ?? "default"}\n`);
      }),
    );

  const moduleContext: CliModuleContext = {
    out: io.out,
    err: io.err,
    env: io.env,
    config,
    withUseCases,
    workspaceId,
    orFail,
    fail: (message, exitCode) => {
      throw new CliFailure(message, exitCode);
    },
  };
  for (const module of modules) module.cli?.(program, moduleContext);

  return program;
}

export async function runCli(argv: readonly string[], io: CliIo = defaultIo, modules: readonly FeatureModule<object>[] = FEATURE_MODULES): Promise<number> {
  const program = buildCli(io, modules);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; they are successful runs to the user.
      return error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version" ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliFailure) {
      io.err(`Error: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof ConfigError || error instanceof NotificationConfigError || error instanceof ModuleConfigError || error instanceof MissingPostgresStorageError) {
      io.err(`Error: ${error.message}\n`);
      return EXIT.usage;
    }
    io.err(`Error: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
}
