import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { migrate } from "./migrations.js";

export interface SqliteOptions {
  /** A file path, or ":memory:" for a private in-process database. */
  readonly path: string;
  /** Run pending migrations on open (the default); `leadport migrate` opens with false first. */
  readonly migrate?: boolean;
  readonly busyTimeoutMs?: number;
}

/** One connection with its prepared-statement cache. */
export class SqliteDatabase {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(options: SqliteOptions) {
    if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma("journal_mode = WAL");
    // FULL: a commit reported to a client survives a power cut, not only a crash (docs/adr/0003).
    this.db.pragma("synchronous = FULL");
    this.db.pragma("foreign_keys = ON");
    // Deleted content is overwritten, not left in free pages: an erased person is gone from the file.
    this.db.pragma("secure_delete = ON");
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (options.migrate !== false) migrate(this.db);
  }

  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
