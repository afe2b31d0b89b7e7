import pg from "pg";
import { StorageUnavailableError } from "../../application/ports/unit-of-work.js";
import { POSTGRES_MIGRATIONS, type PostgresMigration } from "./migrations.js";

/**
 * One statement at a time on the connection of the transaction that holds it. Rows come back
 * as the driver reads them: `jsonb` columns already parsed, `bigint` (count(*)) as a string.
 */
export interface Sql {
  rows<Row>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  one<Row>(text: string, params?: readonly unknown[]): Promise<Row | null>;
  /** The number of rows the statement inserted, updated or deleted. */
  exec(text: string, params?: readonly unknown[]): Promise<number>;
  /** The stored record (the `data` column) of the first row, or null: tables keep records whole in `data`. */
  record<T>(text: string, params?: readonly unknown[]): Promise<T | null>;
  /** The stored records (the `data` column) of every row, in the statement's order. */
  records<T>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface PostgresOptions {
  /** postgres://user@host:port/database */
  readonly url: string;
  /**
   * The schema the tables live in (created when missing); default `public`. Tests give each run
   * a schema of its own so that runs on one database do not see each other.
   */
  readonly schema?: string;
  /** Connections in the pool; default 10. */
  readonly poolSize?: number;
  /** Run pending migrations before the first transaction (the default). */
  readonly migrate?: boolean;
  /** The features' own migration histories, applied after the core's. */
  readonly features?: readonly PostgresFeatureMigrations[];
  /** How long a request waits for a free connection before StorageUnavailableError; default 5 s. */
  readonly connectTimeoutMs?: number;
  /**
   * Unique constraints whose violation means "another instance created it first": the losing
   * transaction runs again and finds the winner's row (two requests for one new e-mail address).
   */
  readonly retryOnConstraints?: readonly string[];
}

export interface PostgresFeatureMigrations {
  readonly feature: string;
  readonly migrations: readonly PostgresMigration[];
}

/** What one migration run applied. */
export interface AppliedPostgresMigrations {
  readonly core: number[];
  readonly features: Array<{ feature: string; version: number }>;
}

export interface TransactionOptions {
  /** A read-only snapshot (REPEATABLE READ READ ONLY): one consistent view for all its queries. */
  readonly readOnly?: boolean;
}

/**
 * Every instance takes this lock around migrations: instances starting together migrate once,
 * the others wait and then find nothing left to do. One key for the whole database, so two
 * schemas migrating at once (parallel test runs) also take turns creating the shared extension.
 */
const MIGRATION_LOCK_KEY = 0x4c454144; // "LEAD"

/** SQLSTATEs after which the whole transaction may simply run again. */
const RETRYABLE_STATES = new Set(["40001", "40P01"]);
/** SQLSTATE classes of a server that is gone or going: connection exceptions, shutdown, too many connections. */
const UNAVAILABLE_STATES = new Set(["57P01", "57P02", "57P03", "53300", "08000", "08003", "08006", "08001", "08004"]);
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN"]);

const RETRY_AFTER_SECONDS = 2;
const MAX_ATTEMPTS = 5;

/** The driver's error code, if any: a SQLSTATE from the server or a Node socket error code. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** The name of the constraint a unique or foreign-key violation broke. */
export function violatedConstraint(error: unknown): string | undefined {
  const constraint = (error as { constraint?: unknown } | null)?.constraint;
  return typeof constraint === "string" ? constraint : undefined;
}

/** True when the database server could not be reached or dropped the connection. */
export function isUnavailable(error: unknown): boolean {
  const code = errorCode(error);
  if (code && (UNAVAILABLE_STATES.has(code) || UNAVAILABLE_CODES.has(code))) return true;
  const message = error instanceof Error ? error.message : "";
  return /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(message);
}

/**
 * A pool of connections to one PostgreSQL database (the `pg` driver). Transactions are closures:
 * committed when the work returns, rolled back when it throws. A serialization failure or
 * deadlock runs the work again (it is written to be repeatable: everything it decides, it decides
 * inside the transaction); a lost server becomes StorageUnavailableError (HTTP 503).
 */
export class PostgresDatabase {
  readonly schema: string;
  private readonly pool: pg.Pool;
  private migrated: Promise<AppliedPostgresMigrations> | null = null;
  private closed = false;

  constructor(private readonly options: PostgresOptions) {
    this.schema = options.schema ?? "public";
    if (!/^[a-z_][a-z0-9_]*$/.test(this.schema)) throw new Error(`not a plain schema name: ${this.schema}`);
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      // Extensions (pg_trgm) live in public; the tables in the schema.
      options: `-c search_path=${this.schema},public`,
    });
    // An idle connection the server dropped (a restart): the pool discards it; the next checkout connects anew.
    this.pool.on("error", () => undefined);
  }

  /** Applies pending migrations once per process; every transaction waits for it first. */
  migrate(): Promise<AppliedPostgresMigrations> {
    this.migrated ??= this.runMigrations().catch((error: unknown) => {
      this.migrated = null;
      throw error;
    });
    return this.migrated;
  }

  async transaction<T>(work: (sql: Sql) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.options.migrate !== false) await this.migrate();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(work, options);
      } catch (error) {
        if (attempt < MAX_ATTEMPTS && this.retryable(error)) continue;
        throw this.translate(error);
      }
    }
  }

  /** Null when the database answers and its schema is current; else why not. */
  async readiness(): Promise<string | null> {
    try {
      const row = await this.withClient((client) => client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${this.schema}.schema_migrations`));
      const current = row.rows[0]?.version ?? 0;
      const expected = latestPostgresVersion(POSTGRES_MIGRATIONS);
      if (current < expected) return `database schema is at version ${current}, this version needs ${expected}: run leadport migrate`;
      return await this.featureMigrationsBehind();
    } catch (error) {
      return `the database does not answer: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Null when every feature's schema is current; else which one is behind (as SQLite's readiness says it). */
  private async featureMigrationsBehind(): Promise<string | null> {
    const features = this.options.features ?? [];
    if (features.length === 0) return null;
    const { rows } = await this.withClient((client) =>
      client.query<{ feature: string; version: number }>(`SELECT feature, max(version) AS version FROM ${this.schema}.feature_migrations GROUP BY feature`),
    );
    const applied = new Map(rows.map((row) => [row.feature, row.version]));
    for (const { feature, migrations } of features) {
      const expected = latestPostgresVersion(migrations);
      const current = applied.get(feature) ?? 0;
      if (current < expected) return `the ${feature} schema is at version ${current}, this version needs ${expected}: run leadport migrate`;
    }
    return null;
  }

  /** A connection of its own for LISTEN (notifications across instances); the caller ends it. */
  async listener(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.options.url });
    await client.connect();
    return client;
  }

  /** Sends a notification on a channel to every instance listening (outside any transaction). */
  async notify(channel: string, payload: string): Promise<void> {
    await this.withClient((client) => client.query("SELECT pg_notify($1, $2)", [channel, payload]));
  }

  /**
   * Runs one statement on a connection of its own outside any transaction: VACUUM refuses to run
   * inside one. Nothing is retried; a lost server becomes StorageUnavailableError.
   */
  async outsideTransaction(text: string): Promise<void> {
    if (this.options.migrate !== false) await this.migrate();
    try {
      await this.withClient((client) => client.query(text));
    } catch (error) {
      throw this.translate(error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async once<T>(work: (sql: Sql) => Promise<T>, options: TransactionOptions): Promise<T> {
    return this.withClient(async (client) => {
      await client.query(options.readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
      try {
        const result = await work(sqlOn(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    });
  }

  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.translate(error);
    }
    let broken: Error | undefined;
    // The pool listens for errors only on idle connections. One lost while checked out is
    // emitted on the client too (beside failing its query): without a listener that event would
    // end the process.
    const lost = (error: Error) => {
      broken ??= error;
    };
    client.on("error", lost);
    try {
      return await work(client);
    } catch (error) {
      // A connection that failed at the socket level must not go back into the pool.
      if (isUnavailable(error)) broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.off("error", lost);
      client.release(broken);
    }
  }

  private retryable(error: unknown): boolean {
    const code = errorCode(error) ?? "";
    if (RETRYABLE_STATES.has(code)) return true;
    return code === "23505" && (this.options.retryOnConstraints ?? []).includes(violatedConstraint(error) ?? "");
  }

  private translate(error: unknown): unknown {
    if (error instanceof StorageUnavailableError) return error;
    return isUnavailable(error) ? new StorageUnavailableError(RETRY_AFTER_SECONDS, { cause: error }) : error;
  }

  private async runMigrations(): Promise<AppliedPostgresMigrations> {
    return this.withClient(async (client) => {
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
        await client.query("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public");
        await client.query(`CREATE TABLE IF NOT EXISTS ${this.schema}.schema_migrations (
          version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${this.schema}.feature_migrations (
          feature text NOT NULL, version integer NOT NULL, name text NOT NULL, applied_at text NOT NULL,
          PRIMARY KEY (feature, version))`);
        const core = await applyPending(client, POSTGRES_MIGRATIONS, `SELECT version FROM ${this.schema}.schema_migrations`, [], (m) => [
          `INSERT INTO ${this.schema}.schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
          [m.version, m.name, new Date().toISOString()],
        ]);
        const features: Array<{ feature: string; version: number }> = [];
        for (const { feature, migrations } of this.options.features ?? []) {
          const applied = await applyPending(client, migrations, `SELECT version FROM ${this.schema}.feature_migrations WHERE feature = $1`, [feature], (m) => [
            `INSERT INTO ${this.schema}.feature_migrations (feature, version, name, applied_at) VALUES ($1, $2, $3, $4)`,
            [feature, m.version, m.name, new Date().toISOString()],
          ]);
          features.push(...applied.map((version) => ({ feature, version })));
        }
        return { core, features };
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
      }
    });
  }
}

/** Each pending migration in its own transaction, in version order; returns the versions applied. */
async function applyPending(
  client: pg.PoolClient,
  migrations: readonly PostgresMigration[],
  appliedQuery: string,
  appliedParams: unknown[],
  record: (migration: PostgresMigration) => [string, unknown[]],
): Promise<number[]> {
  const applied = new Set((await client.query<{ version: number }>(appliedQuery, appliedParams)).rows.map((row) => row.version));
  const done: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    await client.query("BEGIN");
    try {
      await client.query(migration.sql);
      const [text, params] = record(migration);
      await client.query(text, params);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
    done.push(migration.version);
  }
  return done;
}

export function latestPostgresVersion(migrations: readonly PostgresMigration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

function sqlOn(client: pg.PoolClient): Sql {
  const run = (text: string, params: readonly unknown[] = []) => client.query(text, params.map(storableParam));
  return {
    rows: async <Row>(text: string, params?: readonly unknown[]) => (await run(text, params)).rows as Row[],
    one: async <Row>(text: string, params?: readonly unknown[]) => ((await run(text, params)).rows[0] as Row | undefined) ?? null,
    exec: async (text: string, params?: readonly unknown[]) => (await run(text, params)).rowCount ?? 0,
    record: async <T>(text: string, params?: readonly unknown[]) => ((await run(text, params)).rows[0] as { data: T } | undefined)?.data ?? null,
    records: async <T>(text: string, params?: readonly unknown[]) => ((await run(text, params)).rows as Array<{ data: T }>).map((row) => row.data),
  };
}

/** A NUL character, raw or as the escape JSON.stringify writes for it (not preceded by an escaped backslash). */
const RAW_NUL = /\u0000/g;
const ESCAPED_NUL = /(?<!\\)((?:\\\\)*)\\u0000/g;

/**
 * PostgreSQL's text and jsonb cannot hold the NUL character, which SQLite stores and a request can
 * carry (`/inquiries/%00`, a JSON "\u0000"). Sent as it is, the statement fails and a lookup that
 * should find nothing becomes a 500. As U+FFFD, which no id contains, a lookup finds nothing and a
 * text is stored with the replacement character where the NUL was.
 */
function storableParam(param: unknown): unknown {
  if (typeof param !== "string" || (!param.includes("\0") && !param.includes("\\u0000"))) return param;
  const raw = param.replace(RAW_NUL, "\uFFFD");
  // Only JSON documents (the records' `data`) spell it as an escape; other text keeps a literal "\u0000".
  return raw.startsWith("{") || raw.startsWith("[") ? raw.replace(ESCAPED_NUL, "$1\\uFFFD") : raw;
}
