import { describe, expect, it } from "vitest";
import { SqliteDatabase } from "../../src/adapters/sqlite/sqlite-database.js";

describe("SQLite customer matching look-ups", () => {
  it("use the key indexes rather than scanning a workspace's customers", () => {
    const sqlite = new SqliteDatabase({ path: ":memory:" });
    const plan = (sql: string) =>
      (sqlite.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all("ws", "key") as Array<{ detail: string }>).map((row) => row.detail).join(" ");
    expect(plan("SELECT data FROM customers WHERE workspace_id = ? AND email_key = ? ORDER BY created_at LIMIT 1")).toContain(
      "USING INDEX customers_by_email_created (workspace_id=? AND email_key=?)",
    );
    expect(plan("SELECT data FROM customers WHERE workspace_id = ? AND name_key = ? ORDER BY created_at")).toContain(
      "USING INDEX customers_by_name_created (workspace_id=? AND name_key=?)",
    );
    const namesakes = (sqlite.db.prepare(
      `EXPLAIN QUERY PLAN SELECT data FROM (
         SELECT data, created_at FROM customers WHERE workspace_id = ? AND name_key = ? AND email_key IS NULL
         UNION ALL
         SELECT data, created_at FROM customers WHERE workspace_id = ? AND name_key = ? AND email_key = ?
       ) ORDER BY created_at LIMIT ?`,
    ).all("ws", "key", "ws", "key", "e", 2) as Array<{ detail: string }>).map((row) => row.detail);
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
