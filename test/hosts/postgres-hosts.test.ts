import "reflect-metadata";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, describeDatabase, readConfig } from "../../src/hosts/config.js";
import { compose, configuredStorage, MissingPostgresStorageError } from "../../src/hosts/container.js";
import { createLeadport } from "../../src/hosts/library.js";
import { FEATURE_MODULES } from "../../src/hosts/modules/index.js";
import { runLeadport } from "../support/cli.js";
import { notesModule } from "../support/notes-module.js";
import { dropSchema, freshSchemaName, POSTGRES_TEST_URL } from "../support/postgres.js";

describe("choosing PostgreSQL", () => {
  it("stays on SQLite unless a database URL is set, by environment or --database-url", () => {
    expect(readConfig({}).postgres).toBeNull();
    expect(configuredStorage(readConfig({ LEADPORT_DB: "/tmp/x.db" }))).toEqual({ kind: "sqlite", path: "/tmp/x.db" });
    expect(readConfig({ LEADPORT_DATABASE_URL: "postgres://lp@db:5432/leads" }).postgres).toEqual({ url: "postgres://lp@db:5432/leads", schema: "public" });
    const overridden = readConfig({ LEADPORT_DATABASE_URL: "postgres://lp@db/a", LEADPORT_DATABASE_SCHEMA: "tenant_7" }, { databaseUrl: "postgresql://lp@other/b" });
    expect(configuredStorage(overridden)).toEqual({ kind: "postgres", url: "postgresql://lp@other/b", schema: "tenant_7" });
  });

  it("refuses a URL of another kind, a schema that is not a plain name, and a schema without a URL", () => {
    expect(() => readConfig({ LEADPORT_DATABASE_URL: "mysql://db/leads" })).toThrow(/postgres:\/\//);
    expect(() => readConfig({ LEADPORT_DATABASE_URL: "not a url" })).toThrow(ConfigError);
    expect(() => readConfig({ LEADPORT_DATABASE_URL: "postgres://db/leads", LEADPORT_DATABASE_SCHEMA: "Leads; DROP" })).toThrow(/LEADPORT_DATABASE_SCHEMA/);
    expect(() => readConfig({ LEADPORT_DATABASE_SCHEMA: "leads" })).toThrow(/LEADPORT_DATABASE_URL is not/);
  });

  it("names the database in start-up lines without its password", () => {
    const config = readConfig({ LEADPORT_DATABASE_URL: "postgres://lp:geheim@db.example.org:5432/leads", LEADPORT_DATABASE_SCHEMA: "crm" });
    expect(describeDatabase(config)).toBe("postgres://lp:***@db.example.org:5432/leads (schema crm)");
    expect(describeDatabase(readConfig({ LEADPORT_DB: "/srv/leadport.db" }))).toBe("/srv/leadport.db");
  });

  it("refuses to start with a feature module that has no PostgreSQL storage, naming it", () => {
    const attempt = () => compose({ storage: { kind: "postgres", url: POSTGRES_TEST_URL, schema: "never_created" }, modules: [...FEATURE_MODULES, notesModule] });
    expect(attempt).toThrow(MissingPostgresStorageError);
    expect(attempt).toThrow(/"notes" has no PostgreSQL storage/);
  });
});

describe("commands on PostgreSQL", () => {
  const schema = freshSchemaName("lp_cli");
  const env = { LEADPORT_DATABASE_SCHEMA: schema };
  afterAll(() => dropSchema(schema));

  it("migrates with leadport migrate, once, and a second run finds nothing to do", async () => {
    const first = await runLeadport(["--database-url", POSTGRES_TEST_URL, "migrate"], env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Applied migrations: 1(, \d+)*$/m);
    expect(first.stdout).toMatch(/^Applied surveys migration 1$/m);
    expect(first.stdout).toMatch(/^Schema version \d+$/m);
    const again = await runLeadport(["migrate"], { ...env, LEADPORT_DATABASE_URL: POSTGRES_TEST_URL });
    expect(again.stdout).toContain("Database is up to date.");
  });

  it("runs the other commands against it", async () => {
    const created = await runLeadport(["--database-url", POSTGRES_TEST_URL, "workspaces", "create", "dachdecker"], env);
    expect(created.code).toBe(0);
    const listed = await runLeadport(["--database-url", POSTGRES_TEST_URL, "workspaces", "list", "--json"], env);
    expect((JSON.parse(listed.stdout) as Array<{ name: string }>).map((workspace) => workspace.name)).toContain("dachdecker");
  });

  it("opens the same database from the library with a postgres:// URL", async () => {
    const lp = await createLeadport({ database: POSTGRES_TEST_URL, databaseSchema: schema, workspace: "dachdecker" });
    try {
      const created = await lp.inquiries.create({ contact: { email: "bibliothek@example.org" } });
      expect(created.ok).toBe(true);
      const listed = await lp.workspaces.list();
      expect(listed.ok && listed.value.map((workspace) => workspace.name)).toContain("dachdecker");
    } finally {
      await lp.close();
    }
  });

  it("leaves backups and restores to PostgreSQL's own tools", async () => {
    for (const command of ["backup", "restore"]) {
      const run = await runLeadport(["--database-url", POSTGRES_TEST_URL, command, "/tmp/never-written.tar"], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/of a PostgreSQL database are pg_dump's job: run pg_(dump|restore)/);
    }
  });
});
