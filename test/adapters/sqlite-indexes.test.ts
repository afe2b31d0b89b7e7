import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ok } from "../../src/domain/shared/result.js";
import { migrate } from "../../src/adapters/sqlite/migrations.js";
import { SqliteDatabase } from "../../src/adapters/sqlite/sqlite-database.js";
import { SqliteUnitOfWork } from "../../src/adapters/sqlite/sqlite-unit-of-work.js";

/**
 * A migrated in-memory database whose connection notes every statement the adapter prepares, so
 * that the test plans the queries the adapter really runs rather than copies of them that would
 * drift apart from the code.
 */
function recordingDatabase(): { sqlite: SqliteDatabase; prepared: string[] } {
  const connection = new Database(":memory:");
  migrate(connection);
  const prepared: string[] = [];
  const prepare = connection.prepare.bind(connection);
  connection.prepare = ((source: string) => {
    prepared.push(source);
    return prepare(source);
  }) as typeof connection.prepare;
  return { sqlite: new SqliteDatabase({ path: ":memory:" }, connection), prepared };
}

describe("SQLite customer matching look-ups", () => {
  it("use the key indexes rather than scanning a workspace's customers", async () => {
    const { sqlite, prepared } = recordingDatabase();
    const uow = new SqliteUnitOfWork(sqlite);
    /** The one statement a look-up prepares on a fresh connection. */
    const queryOf = async (lookUp: Parameters<typeof uow.run>[1]): Promise<string> => {
      const before = prepared.length;
      await uow.run("ws", lookUp);
      // The commit also prepares the search index catch-up; only the look-up itself is planned here.
      const statements = prepared.slice(before).filter((text) => /^\s*SELECT/i.test(text) && !text.includes("search_index_progress"));
      if (statements.length !== 1) throw new Error(`expected one query, the look-up prepared: ${statements.join("; ")}`);
      return statements[0]!;
    };
    const byEmail = await queryOf(async (tx) => ok(await tx.customers.findByEmailKey("key")));
    const byName = await queryOf(async (tx) => ok(await tx.customers.findByNameKey("key", { compatibleWithEmailKey: "e", limit: 2 })));
    const plan = (sql: string) =>
      (sqlite.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all("ws", "key") as Array<{ detail: string }>).map((row) => row.detail).join(" ");
    expect(plan(byEmail)).toContain(
      "USING INDEX customers_by_email_created (workspace_id=? AND email_key=?)",
    );
    const namesakes = (sqlite.db.prepare(`EXPLAIN QUERY PLAN ${byName}`).all("ws", "key", "ws", "key", "e", 2) as Array<{ detail: string }>).map(
      (row) => row.detail,
    );
    expect(namesakes.filter((detail) => detail.includes("USING INDEX customers_by_name_email (workspace_id=? AND name_key=? AND email_key="))).toHaveLength(2);
    sqlite.close();
  });
});

describe("SQLite outbox purge", () => {
  it("finds delivered messages by age through a partial index that new messages never touch", () => {
    const sqlite = new SqliteDatabase({ path: ":memory:" });
    const plan = (sqlite.db.prepare("EXPLAIN QUERY PLAN SELECT id FROM outbox INDEXED BY outbox_delivered WHERE status = 'done' AND processed_at < ? LIMIT ?").all("x", 10) as Array<{ detail: string }>)
      .map((row) => row.detail)
      .join(" ");
    expect(plan).toMatch(/USING (COVERING )?INDEX outbox_delivered \(processed_at<\?\)/);
    sqlite.close();
  });
});
