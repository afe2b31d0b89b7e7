import { closeSync, mkdirSync, openSync } from "node:fs";
import { open } from "node:fs/promises";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { latestVersion, migrate } from "./migrations.js";
import { featureMigrationsBehind, migrateFeatures, type FeatureMigrations } from "./feature-storage.js";

export interface SqliteOptions {
  /** A file path, or ":memory:" for a private in-process database. */
  readonly path: string;
  /** Run pending migrations on open (the default); `leadport migrate` opens with false first. */
  readonly migrate?: boolean;
  readonly busyTimeoutMs?: number;
  /** The features' own migration histories, applied after the core's. */
  readonly features?: readonly FeatureMigrations[];
}

/** What one migration run applied. */
export interface AppliedMigrations {
  readonly core: number[];
  readonly features: Array<{ feature: string; version: number }>;
}

/**
 * Page cache per connection, in KiB when negative: 32 MiB instead of SQLite's 2 MiB, so the upper
 * levels of the indexes a write touches (a customer and an inquiry row touch about twenty B-trees)
 * stay in memory as the database grows past a few hundred thousand records.
 */
const CACHE_SIZE = -32 * 1024;
/** How long a query waits in the rare moments a reader is locked out in WAL mode (recovery after a crash). */
const READER_BUSY_TIMEOUT_MS = 250;

/**
 * The database holds personal data and the stream-token signing key: its directory is created
 * 0700 and the file 0600 before SQLite opens it (SQLite would create it 0644, umask permitting).
 * SQLite gives the -wal and -shm files the mode of the database file. An existing file keeps
 * the mode its owner gave it.
 */
function createPrivately(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, "a", 0o600));
}

/** One connection with its prepared-statement cache, and a second, read-only one for queries. */
export class SqliteDatabase {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readConnection: SqliteDatabase | null | undefined;

  constructor(
    private readonly options: SqliteOptions,
    connection?: Database.Database,
  ) {
    if (connection) {
      this.db = connection;
      return;
    }
    if (options.path !== ":memory:") createPrivately(options.path);
    this.db = new Database(options.path);
    this.db.pragma("journal_mode = WAL");
    // FULL: a commit reported to a client survives a power cut, not only a crash (docs/adr/0003).
    this.db.pragma("synchronous = FULL");
    this.db.pragma("foreign_keys = ON");
    // Deleted content is overwritten, not left in free pages: an erased person is gone from the file.
    this.db.pragma("secure_delete = ON");
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    this.db.pragma(`cache_size = ${CACHE_SIZE}`);
    if (options.migrate !== false) this.migrate();
  }

  /** Applies the core's pending migrations, then each feature's. */
  migrate(): AppliedMigrations {
    const core = migrate(this.db);
    return { core, features: migrateFeatures(this.db, this.options.features ?? []) };
  }

  /**
   * The read-only connection, opened on first use: in WAL mode it reads the last commit while
   * another connection or process holds the write lock. Null for ":memory:", which has no second
   * connection to the same data.
   */
  get reader(): SqliteDatabase | null {
    if (this.readConnection === undefined) {
      if (this.options.path === ":memory:") this.readConnection = null;
      else {
        const connection = new Database(this.options.path, { readonly: true, fileMustExist: true });
        connection.pragma(`busy_timeout = ${READER_BUSY_TIMEOUT_MS}`);
        connection.pragma(`cache_size = ${CACHE_SIZE}`);
        this.readConnection = new SqliteDatabase(this.options, connection);
      }
    }
    return this.readConnection;
  }

  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Makes every commit so far durable: one fdatasync of the WAL file, on libuv's thread pool so the
   * event loop goes on serving. The writing connection commits at synchronous=NORMAL (the WAL is
   * written, not synced) and the group commit calls this before it answers (docs/adr/0011); the file
   * is opened afresh each time, so a WAL that another process's last connection removed and SQLite
   * created anew is the one synced.
   */
  async syncWal(): Promise<void> {
    if (this.options.path === ":memory:") return;
    let handle;
    try {
      handle = await open(`${this.options.path}-wal`, "r+");
    } catch (error) {
      // No WAL: the last connection checkpointed it into the database file, which SQLite synced.
      if ((error as { code?: unknown }).code === "ENOENT") return;
      throw error;
    }
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  /** Null when the database answers and its schema is current; else why not. */
  readiness(): string | null {
    if (!this.db.open) return "the database is closed";
    const row = (this.reader ?? this).db.prepare("SELECT MAX(version) AS version FROM schema_migrations").get() as { version: number | null };
    const expected = latestVersion();
    if ((row.version ?? 0) < expected) return `database schema is at version ${row.version ?? 0}, this version needs ${expected}: run leadport migrate`;
    return featureMigrationsBehind((this.reader ?? this).db, this.options.features ?? []);
  }

  close(): void {
    this.readConnection?.close();
    if (this.db.open) this.db.close();
  }
}
