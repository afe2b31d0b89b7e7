import { createHash, randomBytes } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { StorageChoice } from "../../src/hosts/container.js";

/**
 * The suite runs against SQLite, or, when LEADPORT_DATABASE_URL is set in its environment
 * (`npm run test:postgres`), against that PostgreSQL server: every database a test would have
 * opened as a SQLite file becomes a schema of its own there. The schema is derived from the file's
 * path, so a CLI command and a server that one test starts on the same data directory share it as
 * they would share the file, while tests stay apart from each other and from other runs.
 */
const POSTGRES_URL = (process.env.LEADPORT_DATABASE_URL ?? "").trim() || null;

export const usingPostgres = POSTGRES_URL !== null;

/** Set by test/global-setup.ts, which drops every schema starting with it when the run ends. */
export const RUN_ID_VARIABLE = "LEADPORT_TEST_RUN_ID";

/** The prefix of every schema this run creates: lower case, well inside PostgreSQL's 63 characters. */
export function runSchemaPrefix(runId: string): string {
  return `lp_run_${runId}_`;
}

// Worker threads inherit the id global setup set; a file run without global setup still gets
// schemas of its own (left for `DROP SCHEMA` by hand then).
const RUN_ID = process.env[RUN_ID_VARIABLE] ?? newRunId();

export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

/** The schema standing for the SQLite file at `anchorPath`; ":memory:" (a private database) gets a fresh one each time. */
export function schemaFor(anchorPath: string): string {
  const anchor = anchorPath === ":memory:" ? `:memory:${randomBytes(8).toString("hex")}` : resolve(anchorPath);
  const digest = createHash("sha256").update(anchor).digest("hex").slice(0, 20);
  return `${runSchemaPrefix(RUN_ID)}${digest}`;
}

/** The environment that sends a server or CLI command for the database file `anchorPath` to its schema; empty on SQLite. */
export function databaseEnvFor(anchorPath: string): { LEADPORT_DATABASE_URL?: string; LEADPORT_DATABASE_SCHEMA?: string } {
  if (!POSTGRES_URL) return {};
  return { LEADPORT_DATABASE_URL: POSTGRES_URL, LEADPORT_DATABASE_SCHEMA: schemaFor(anchorPath) };
}

/**
 * Options for createLeadport opening the SQLite file `path` (or ":memory:"), or its schema. Attachments stay
 * beside where the file would be, as the library's default on SQLite puts them.
 */
export function libraryDatabase(path: string): { database: string; databaseSchema?: string; dataDir?: string } {
  // "memory" is the in-memory adapter, no database at all.
  if (!POSTGRES_URL || path === "memory") return { database: path };
  return { database: POSTGRES_URL, databaseSchema: schemaFor(path), ...(path === ":memory:" ? {} : { dataDir: dirname(resolve(path)) }) };
}

/** The storage for compose: the SQLite file `path`, or its schema. */
export function testStorage(path: string): StorageChoice {
  if (!POSTGRES_URL) return { kind: "sqlite", path };
  return { kind: "postgres", url: POSTGRES_URL, schema: schemaFor(path) };
}

/** The database file a `leadport` command would open with these arguments and this environment (config.ts's defaults). */
export function cliDatabaseAnchor(args: readonly string[], env: NodeJS.ProcessEnv): string {
  const db = optionValue(args, "--db") ?? env.LEADPORT_DB;
  if (db) return db;
  return join(resolve(optionValue(args, "--data-dir") ?? env.LEADPORT_DATA_DIR ?? "./data"), "leadport.db");
}

export function optionValue(args: readonly string[], name: string): string | undefined {
  for (let index = 0; index < args.length; index++) {
    if (args[index] === name) return args[index + 1];
    if (args[index]!.startsWith(`${name}=`)) return args[index]!.slice(name.length + 1);
  }
  return undefined;
}

/**
 * The environment a `leadport` command runs with: `env` over this process's, and in PostgreSQL
 * mode the schema of the file it would open, never the server's public schema. A test that names
 * its own PostgreSQL database (`env` or `--database-url`) keeps it.
 */
export function cliEnvironment(args: readonly string[], env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const merged = { ...process.env, ...env };
  if (!POSTGRES_URL || env.LEADPORT_DATABASE_URL !== undefined || optionValue(args, "--database-url") !== undefined) return merged;
  return { ...merged, ...databaseEnvFor(cliDatabaseAnchor(args, merged)) };
}

/** The environment of a command run on `dataDir`'s database: the directory, and in PostgreSQL mode its schema. */
export function dataDirEnv(dataDir: string): { LEADPORT_DATA_DIR: string; LEADPORT_DATABASE_URL?: string; LEADPORT_DATABASE_SCHEMA?: string } {
  return { LEADPORT_DATA_DIR: dataDir, ...databaseEnvFor(join(dataDir, "leadport.db")) };
}

/**
 * Rows straight from the database a server or command on `anchorPath` writes: the SQLite file, or
 * its schema. `sql` is written for both (`?` placeholders); PostgreSQL answers counts as bigint
 * text and JSON columns as values, so callers read them with Number() and jsonValue().
 */
export async function queryDatabase<Row>(anchorPath: string, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  if (!POSTGRES_URL) {
    const db = new Database(anchorPath, { readonly: true });
    try {
      return db.prepare(sql).all(...params) as Row[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${schemaFor(anchorPath)}"`);
    let placeholder = 0;
    const { rows } = await client.query(sql.replace(/\?/g, () => `$${++placeholder}`), [...params]);
    return rows as Row[];
  } finally {
    await client.end();
  }
}

/** A JSON column as stored: text in SQLite, already parsed from PostgreSQL's jsonb. */
export function jsonValue(column: unknown): unknown {
  return typeof column === "string" ? JSON.parse(column) : column;
}

/**
 * In PostgreSQL mode, every row of the schema standing for the database file at `anchorPath`, as
 * text: where a test searches the SQLite file's bytes for what must be gone, it searches this.
 * Empty on SQLite (the file itself is searched) and for a schema that does not exist.
 */
export async function databaseText(anchorPath: string): Promise<string> {
  if (!POSTGRES_URL) return "";
  const schema = schemaFor(anchorPath);
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = $1", [schema]);
    const texts: string[] = [];
    for (const { name } of tables) {
      const { rows } = await client.query<{ text: string | null }>(`SELECT string_agg(t::text, E'\\n') AS text FROM "${schema}"."${name}" t`);
      texts.push(`${name}: ${rows[0]?.text ?? ""}`);
    }
    return texts.join("\n");
  } finally {
    await client.end();
  }
}
