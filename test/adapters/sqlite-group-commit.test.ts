import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SqliteDatabase } from "../../src/adapters/sqlite/sqlite-database.js";
import { SqliteUnitOfWork } from "../../src/adapters/sqlite/sqlite-unit-of-work.js";
import { ok } from "../../src/domain/shared/result.js";
import { aCustomer, aWorkspace } from "../support/fixtures.js";

describe("SQLite group commit", () => {
  let dir: string;
  let database: SqliteDatabase;
  let uow: SqliteUnitOfWork;
  const workspace = aWorkspace("mine");

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "leadport-group-commit-"));
    database = new SqliteDatabase({ path: join(dir, "test.db") });
    uow = new SqliteUnitOfWork(database);
    await uow.runSystem(async (tx) => ok(await tx.workspaces.insert(workspace)));
  });

  afterEach(() => {
    vi.restoreAllMocks();
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insertCustomer = (i: number) => uow.run(workspace.id, async (tx) => ok(await tx.customers.insert(aCustomer(workspace.id, { email: `c${i}@example.org` }))));
  const count = () => (database.db.prepare("SELECT count(*) AS n FROM customers").get() as { n: number }).n;

  it("commits concurrent writes together and syncs the WAL once for many of them", async () => {
    const sync = vi.spyOn(database, "syncWal");
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => insertCustomer(i)));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(count()).toBe(50);
    expect(sync.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(sync.mock.calls.length).toBeLessThanOrEqual(3);
  });

  it("answers a write only after the sync that covers its commit", async () => {
    let finishSync!: () => void;
    vi.spyOn(database, "syncWal").mockImplementation(() => new Promise<void>((resolve) => (finishSync = resolve)));
    let answered = false;
    const write = insertCustomer(1).then(() => (answered = true));
    await vi.waitFor(() => expect(finishSync).toBeTypeOf("function"));
    // Committed to the WAL, visible to the connection, but not yet answered.
    expect(count()).toBe(1);
    expect(answered).toBe(false);
    finishSync();
    await write;
    expect(answered).toBe(true);
  });

  it("commits writes that arrive while a sync is in flight together, under the next sync", async () => {
    const releases: Array<() => void> = [];
    const sync = vi.spyOn(database, "syncWal").mockImplementation(() => new Promise<void>((resolve) => releases.push(resolve)));
    const first = insertCustomer(0);
    await vi.waitFor(() => expect(releases).toHaveLength(1));
    const later = Promise.all([1, 2, 3, 4].map(insertCustomer));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(count()).toBe(5);
    expect(sync).toHaveBeenCalledTimes(1);
    releases[0]!();
    await first;
    await vi.waitFor(() => expect(releases).toHaveLength(2));
    releases[1]!();
    await later;
    expect(sync).toHaveBeenCalledTimes(2);
  });

  it("fails the writes whose sync failed", async () => {
    vi.spyOn(database, "syncWal").mockRejectedValue(Object.assign(new Error("EIO"), { code: "EIO" }));
    await expect(insertCustomer(1)).rejects.toThrow("EIO");
  });

  it("commits the open batch before exclusive work such as a checkpoint", async () => {
    const write = insertCustomer(1);
    const checkpoint = await uow.exclusive(() => database.db.inTransaction);
    expect(checkpoint).toBe(false);
    await write;
  });
});
