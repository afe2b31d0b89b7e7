import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrate, MIGRATIONS } from "../../src/adapters/sqlite/migrations.js";

describe("SQLite text search", () => {
  it("refolds search texts stored before migration 11 and finds them through the trigram index", () => {
    const db = new Database(":memory:");
    migrate(db, MIGRATIONS.filter((m) => m.version < 11));
    db.prepare("INSERT INTO workspaces (id, name, created_at, data) VALUES ('ws', 'ws', '2026-01-01', '{}')").run();
    db.prepare("INSERT INTO customers (id, workspace_id, search_text, created_at, data) VALUES ('c', 'ws', 'jürgen\nmüller', '2026-01-01', '{}')").run();
    db.prepare(
      `INSERT INTO inquiries (id, workspace_id, customer_id, status_key, source_key, source, tag_keys, search_text, created_at, data)
       VALUES ('old', 'ws', 'c', 'neu', 'api', 'API', '[]', 'dach für rené', '2026-01-01', '{}')`,
    ).run();
    expect(migrate(db)).toContain(11);
    const search = (table: string, term: string) =>
      (db.prepare(`SELECT id FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table}_search WHERE ${table}_search MATCH ?)`).all(`"${term}"`) as Array<{ id: string }>).map(
        (row) => row.id,
      );
    expect(search("customers", "mueller")).toEqual(["c"]);
    expect(search("inquiries", "fuer rene")).toEqual(["old"]);
    expect(db.prepare("SELECT search_text FROM inquiries").pluck().get()).toBe("dach fuer rene");
    db.close();
  });

  it("lets a selective search term lead through the index instead of reading every inquiry of the workspace", () => {
    const db = new Database(":memory:");
    migrate(db);
    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT data FROM inquiries WHERE +workspace_id = ? AND rowid IN (SELECT rowid FROM inquiries_search WHERE inquiries_search MATCH ?)
           ORDER BY created_at DESC, id DESC LIMIT ?`,
        )
        .all("ws", '"mueller"', 10) as Array<{ detail: string }>
    )
      .map((row) => row.detail)
      .join(" | ");
    expect(plan).toContain("VIRTUAL TABLE INDEX");
    expect(plan).toMatch(/SEARCH inquiries USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    db.close();
  });
});
