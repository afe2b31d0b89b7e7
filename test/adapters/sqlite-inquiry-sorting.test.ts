import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { MIGRATIONS, migrate } from "../../src/adapters/sqlite/migrations.js";

describe("SQLite projection of lead score and follow-up date", () => {
  it("fills the new columns from inquiries stored before the migration", () => {
    const db = new Database(":memory:");
    migrate(db, MIGRATIONS.filter((m) => m.version < 7));
    db.prepare("INSERT INTO workspaces (id, name, created_at, data) VALUES ('ws', 'ws', '2026-01-01', '{}')").run();
    db.prepare("INSERT INTO customers (id, workspace_id, search_text, created_at, data) VALUES ('c', 'ws', '', '2026-01-01', '{}')").run();
    const insert = db.prepare(
      `INSERT INTO inquiries (id, workspace_id, customer_id, status_key, source_key, source, tag_keys, search_text, created_at, data)
       VALUES (?, 'ws', 'c', 'neu', 'api', 'API', '[]', '', '2026-01-01', ?)`,
    );
    insert.run("a", JSON.stringify({ leadScore: 48.5, followUpDate: "2026-12-01" }));
    insert.run("b", JSON.stringify({ leadScore: 12, followUpDate: null }));

    expect(migrate(db)).toContain(7);
    expect(db.prepare("SELECT id, lead_score, follow_up_date FROM inquiries ORDER BY id").all()).toEqual([
      { id: "a", lead_score: 48.5, follow_up_date: "2026-12-01" },
      { id: "b", lead_score: 12, follow_up_date: null },
    ]);
    db.close();
  });

  it("marks inquiries stored before hold reasons existed as not held, and lists by held through its index", () => {
    const db = new Database(":memory:");
    migrate(db, MIGRATIONS.filter((m) => m.version < 9));
    db.prepare("INSERT INTO workspaces (id, name, created_at, data) VALUES ('ws', 'ws', '2026-01-01', '{}')").run();
    db.prepare("INSERT INTO customers (id, workspace_id, search_text, created_at, data) VALUES ('c', 'ws', '', '2026-01-01', '{}')").run();
    db.prepare(
      `INSERT INTO inquiries (id, workspace_id, customer_id, status_key, source_key, source, tag_keys, search_text, created_at, data)
       VALUES ('old', 'ws', 'c', 'neu', 'api', 'API', '[]', '', '2026-01-01', '{"leadScore":40}')`,
    ).run();
    expect(migrate(db)).toContain(9);
    const row = db.prepare("SELECT held, data FROM inquiries WHERE id = 'old'").get() as { held: number; data: string };
    expect(row.held).toBe(0);
    expect(JSON.parse(row.data)).toEqual({ leadScore: 40, holdReasons: [] });
    const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT data FROM inquiries WHERE workspace_id = ? AND held = 1 ORDER BY created_at DESC, id DESC LIMIT ?").all("ws", 10) as Array<{ detail: string }>)
      .map((r) => r.detail).join(" | ");
    expect(plan).toContain("inquiries_by_held");
    db.close();
  });

  it("orders by score and follow-up date through their indexes, not by sorting the workspace", () => {
    const db = new Database(":memory:");
    migrate(db);
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all("ws", 10) as Array<{ detail: string }>).map((row) => row.detail).join(" | ");
    const byScore = plan("SELECT data FROM inquiries WHERE workspace_id = ? ORDER BY lead_score DESC, id DESC LIMIT ?");
    expect(byScore).toContain("inquiries_by_score");
    expect(byScore).not.toContain("TEMP B-TREE");
    const byFollowUp = plan("SELECT data FROM inquiries WHERE workspace_id = ? ORDER BY follow_up_date IS NULL, follow_up_date, id LIMIT ?");
    expect(byFollowUp).toContain("inquiries_by_follow_up");
    expect(byFollowUp).not.toContain("TEMP B-TREE");
    const overdue = plan("SELECT data FROM inquiries WHERE workspace_id = ? AND follow_up_date < '2026-12-01' ORDER BY created_at DESC, id DESC LIMIT ?");
    expect(overdue).toMatch(/inquiries_by_follow_up|inquiries_listing/);
    db.close();
  });
});
