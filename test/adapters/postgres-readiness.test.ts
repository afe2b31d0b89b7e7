import { afterAll, describe, expect, it } from "vitest";
import { PostgresDatabase } from "../../src/adapters/postgres/postgres-database.js";
import { dropSchema, freshSchemaName, POSTGRES_TEST_URL } from "../support/postgres.js";

const NOTES_V1 = { version: 1, name: "notes", sql: "CREATE TABLE notes (id text PRIMARY KEY)" };
const NOTES_V2 = { version: 2, name: "notes: text", sql: "ALTER TABLE notes ADD COLUMN body text" };

describe("readiness of a PostgreSQL database", () => {
  const schema = freshSchemaName();
  afterAll(() => dropSchema(schema));

  it("is ready once the core's and every feature's migrations are applied, and names a feature left behind", async () => {
    const migrated = new PostgresDatabase({ url: POSTGRES_TEST_URL, schema, features: [{ feature: "notes", migrations: [NOTES_V1] }] });
    const newer = new PostgresDatabase({ url: POSTGRES_TEST_URL, schema, migrate: false, features: [{ feature: "notes", migrations: [NOTES_V1, NOTES_V2] }] });
    try {
      await migrated.migrate();
      expect(await migrated.readiness()).toBeNull();
      expect(await newer.readiness()).toBe("the notes schema is at version 1, this version needs 2: run leadport migrate");
      await newer.migrate();
      expect(await newer.readiness()).toBeNull();
    } finally {
      await Promise.all([migrated.close(), newer.close()]);
    }
  });

  it("says the database does not answer when it cannot connect", async () => {
    const unreachable = new PostgresDatabase({ url: "postgres://postgres@127.0.0.1:1/test", schema, connectTimeoutMs: 1000 });
    try {
      expect(await unreachable.readiness()).toMatch(/^the database does not answer/);
    } finally {
      await unreachable.close();
    }
  });
});
