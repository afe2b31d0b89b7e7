import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteDatabase } from "../../src/adapters/sqlite/sqlite-database.js";
import { SqliteUnitOfWork } from "../../src/adapters/sqlite/sqlite-unit-of-work.js";
import { describeUnitOfWorkContract } from "./unit-of-work.contract.js";
import { describeIntakeRepositoryContract } from "./intake-repositories.contract.js";
import { describeNotificationStorageContract } from "./notifications.contract.js";
import { describeSigningKeyContract } from "./signing-keys.contract.js";

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
