import type { PostgresFeatureStorage } from "../../src/adapters/postgres/feature-storage.js";
import type { PostgresDatabase } from "../../src/adapters/postgres/postgres-database.js";
import { PostgresUnitOfWork } from "../../src/adapters/postgres/postgres-unit-of-work.js";
import { postgresTestDatabase } from "./postgres.js";

export interface PostgresFeatureSubject {
  readonly database: PostgresDatabase;
  readonly uow: PostgresUnitOfWork;
  /** Empties every table (the migration histories stay), for the next test. */
  readonly close: () => Promise<void>;
}

/**
 * A unit of work with the given features on a schema of the test file's own. Migrating a schema
 * per test would cost most of a file's time, so the subjects of one file share it, emptied when a
 * test closes its subject; `drop` (in afterAll) removes it.
 */
export function postgresFeatureSubjects(features: readonly PostgresFeatureStorage[]): { open: () => PostgresFeatureSubject; drop: () => Promise<void> } {
  let shared: ReturnType<typeof postgresTestDatabase> | null = null;
  return {
    open: () => {
      shared ??= postgresTestDatabase({ features: features.map(({ feature, migrations }) => ({ feature, migrations })) });
      const { database, schema } = shared;
      return {
        database,
        uow: new PostgresUnitOfWork(database, { features }),
        close: () =>
          database.transaction(async (sql) => {
            const tables = await sql.rows<{ tablename: string }>(
              "SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename NOT IN ('schema_migrations', 'feature_migrations')",
              [schema],
            );
            await sql.exec(`TRUNCATE ${tables.map((table) => table.tablename).join(", ")}`);
          }),
      };
    },
    drop: async () => {
      await shared?.drop();
      shared = null;
    },
  };
}
