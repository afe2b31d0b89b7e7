import { randomBytes } from "node:crypto";
import pg from "pg";
import { PostgresDatabase, type PostgresOptions } from "../../src/adapters/postgres/postgres-database.js";

/** The PostgreSQL server the suite uses: the machine's own (trust auth, database `test`) unless set. */
export const POSTGRES_TEST_URL = process.env.LEADPORT_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A schema name no other test run uses; dropped again by dropSchema. */
export function freshSchemaName(prefix = "lp_test"): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}

/** A database on a schema of its own; `drop` closes it and removes the schema with everything in it. */
export function postgresTestDatabase(options: Omit<PostgresOptions, "url" | "schema"> = {}): { database: PostgresDatabase; schema: string; drop: () => Promise<void> } {
  const schema = freshSchemaName();
  const database = new PostgresDatabase({ url: POSTGRES_TEST_URL, schema, ...options });
  return {
    database,
    schema,
    drop: async () => {
      await database.close();
      await dropSchema(schema);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
