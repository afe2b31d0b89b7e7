import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ok } from "../../src/domain/shared/result.js";
import { aCustomer, aWorkspace } from "../support/fixtures.js";
import { SqliteDatabase } from "../../src/adapters/sqlite/sqlite-database.js";
import { SqliteUnitOfWork } from "../../src/adapters/sqlite/sqlite-unit-of-work.js";
import { describeUnitOfWorkContract } from "./unit-of-work.contract.js";
import { describeIntakeRepositoryContract } from "./intake-repositories.contract.js";
import { describeNotificationStorageContract } from "./notifications.contract.js";
import { describeSigningKeyContract } from "./signing-keys.contract.js";
import { describeInquiryListingContract } from "./inquiry-listing.contract.js";
import { describeCatalogContract } from "./catalog.contract.js";
import { describeIdempotencyContract } from "./idempotency.contract.js";

async function sqliteSubject() {
  const dir = mkdtempSync(join(tmpdir(), "leadport-contract-"));
  const database = new SqliteDatabase({ path: join(dir, "test.db") });
  return {
    uow: new SqliteUnitOfWork(database),
    close: () => {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeUnitOfWorkContract("SQLite", sqliteSubject);
describeIntakeRepositoryContract("SQLite", sqliteSubject);
describeNotificationStorageContract("SQLite", sqliteSubject);
describeSigningKeyContract("SQLite", sqliteSubject);
describeInquiryListingContract("SQLite", sqliteSubject);
describeCatalogContract("SQLite", sqliteSubject);
describeIdempotencyContract("SQLite", sqliteSubject);

describe("SQLite reads beside another writer", () => {
  it("answers a read while another connection holds the write lock, and sees its commit afterwards", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leadport-contract-"));
    const database = new SqliteDatabase({ path: join(dir, "test.db") });
    const uow = new SqliteUnitOfWork(database);
    const workspace = aWorkspace("mine");
    await uow.runSystem(async (tx) => ok(await tx.workspaces.insert(workspace)));
    const other = new Database(join(dir, "test.db"));
    try {
      const customer = aCustomer(workspace.id);
      other.exec("BEGIN IMMEDIATE");
      other
        .prepare("INSERT INTO customers (id, workspace_id, email_key, name_key, search_text, created_at, data) VALUES (?, ?, ?, ?, '', ?, ?)")
        .run(customer.id, workspace.id, customer.emailKey, customer.nameKey, customer.createdAt, JSON.stringify(customer));
      const started = performance.now();
      const during = await uow.read(workspace.id, async (tx) => ok(await tx.customers.findById(customer.id)));
      expect(performance.now() - started).toBeLessThan(200);
      expect(during).toEqual({ ok: true, value: null });
      other.exec("COMMIT");
      expect(await uow.read(workspace.id, async (tx) => ok(await tx.customers.findById(customer.id)))).toEqual({ ok: true, value: customer });
    } finally {
      other.close();
      database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
