import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrate, MIGRATIONS } from "../../src/adapters/sqlite/migrations.js";
import { searchCondition } from "../../src/adapters/sqlite/search-index.js";
import { SqliteDatabase } from "../../src/adapters/sqlite/sqlite-database.js";
import { SqliteUnitOfWork } from "../../src/adapters/sqlite/sqlite-unit-of-work.js";
import { ok } from "../../src/domain/shared/result.js";
import { aCustomer, aWorkspace } from "../support/fixtures.js";

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
          `EXPLAIN QUERY PLAN SELECT data FROM inquiries WHERE +workspace_id = ? AND ${searchCondition("inquiries")}
           ORDER BY created_at DESC, id DESC LIMIT ?`,
        )
        .all("ws", '"mueller"', "mueller", 10) as Array<{ detail: string }>
    )
      .map((row) => row.detail)
      .join(" | ");
    expect(plan).toContain("VIRTUAL TABLE INDEX");
    expect(plan).toMatch(/SEARCH inquiries USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(plan).toMatch(/SEARCH inquiries USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    expect(plan).not.toMatch(/SCAN inquiries(?!_)/);
    db.close();
  });

  it("finds rows before and after they are indexed in batches, and keeps changed and deleted rows right on both sides", async () => {
    const database = new SqliteDatabase({ path: ":memory:" });
    const uow = new SqliteUnitOfWork(database);
    const workspace = aWorkspace("mine");
    await uow.runSystem(async (tx) => ok(await tx.workspaces.insert(workspace)));
    const inMine = <T>(work: Parameters<typeof uow.run<T, never>>[1]) => uow.run(workspace.id, work);
    const names = async (text: string) => {
      const found = await uow.read(workspace.id, async (tx) => ok((await tx.customers.list({ text }, { limit: 500, after: null })).items));
      return found.ok ? found.value.map((customer) => customer.lastName) : [];
    };
    const watermark = () => (database.db.prepare("SELECT indexed_up_to FROM search_index_progress WHERE table_name = 'customers'").pluck().get() as number);
    const customers = Array.from({ length: 300 }, (_, i) => aCustomer(workspace.id, { lastName: `Kunde${i}x`, email: `k${i}@example.org` }));
    for (const customer of customers) await inMine(async (tx) => ok(await tx.customers.insert(customer)));
    expect(watermark()).toBeGreaterThanOrEqual(256);
    expect(watermark()).toBeLessThan(300);
    expect(await names("kunde5x")).toEqual(["Kunde5x"]);
    expect(await names("kunde299x")).toEqual(["Kunde299x"]);
    // One changed and one deleted on each side of the watermark.
    await inMine(async (tx) => {
      await tx.customers.update({ ...customers[5]!, lastName: "Geaendert5" });
      await tx.customers.update({ ...customers[299]!, lastName: "Geaendert299" });
      await tx.customers.delete(customers[6]!.id);
      await tx.customers.delete(customers[298]!.id);
      return ok(undefined);
    });
    expect(await names("kunde5x")).toEqual([]);
    expect(await names("kunde299x")).toEqual([]);
    expect((await names("geaendert")).sort()).toEqual(["Geaendert299", "Geaendert5"]);
    expect(await names("kunde6x")).toEqual([]);
    expect(await names("kunde298x")).toEqual([]);
    expect(database.db.prepare("PRAGMA integrity_check").pluck().get()).toBe("ok");
    expect(() => database.db.prepare("INSERT INTO customers_search(customers_search) VALUES ('integrity-check')").run()).not.toThrow();
    database.close();
  });
});
