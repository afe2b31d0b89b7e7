import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runLeadport, spawnLeadport } from "../support/cli.js";

describe("the leadport binary", () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  // A database of its own for every test: each one runs alone as well as in order.
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "leadport-cli-"));
    env = { LEADPORT_DATA_DIR: dataDir };
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints the package version with --version", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    // Through the real binary: its exit status and that bin/ finds the built package.
    const printed = await spawnLeadport(["--version"], env);
    expect(printed.code).toBe(0);
    expect(printed.stdout.trim()).toBe(version);
  });

  it("migrates a new database and reports it up to date afterwards", async () => {
    const first = await runLeadport(["migrate"], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Applied migrations: 1");
    const second = await runLeadport(["migrate"], env);
    expect(second.stdout).toContain("Database is up to date.");
  });

  it("creates and lists workspaces, refusing duplicates and bad names", async () => {
    expect((await runLeadport(["workspaces", "create", "dachdecker-schulz"], env)).code).toBe(0);
    const duplicate = await runLeadport(["workspaces", "create", "dachdecker-schulz"], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('workspace "dachdecker-schulz" already exists');
    const bad = await runLeadport(["workspaces", "create", "no spaces allowed"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("name: must be");
    const list = await runLeadport(["workspaces", "list", "--json"], env);
    expect(JSON.parse(list.stdout).map((w: { name: string }) => w.name)).toContain("dachdecker-schulz");
  });

  it("prints a new key alone on the last line and stores only its hash", async () => {
    await runLeadport(["workspaces", "create", "dachdecker-schulz"], env);
    const created = await runLeadport(["keys", "create", "--name", "Website", "--workspace", "dachdecker-schulz"], env);
    expect(created.code).toBe(0);
    const key = created.stdout.trim().split("\n").at(-1) ?? "";
    expect(key).toMatch(/^lp_live_[\w-]{32}$/);
    const list = await runLeadport(["keys", "list", "--workspace", "dachdecker-schulz", "--json"], env);
    expect(list.stdout).not.toContain(key);
    const [view] = JSON.parse(list.stdout);
    expect(view).toMatchObject({ name: "Website", kind: "secret", revokedAt: null });
    expect(view).not.toHaveProperty("hash");
    expect(key.startsWith(view.prefix)).toBe(true);

    const revoked = await runLeadport(["keys", "revoke", view.id], env);
    expect(revoked.code).toBe(0);
    const after = JSON.parse((await runLeadport(["keys", "list", "--json"], env)).stdout);
    expect(after.find((k: { id: string }) => k.id === view.id).revokedAt).not.toBeNull();
  });

  it("fails clearly for an unknown workspace, an unknown key and bad arguments", async () => {
    const unknownWorkspace = await runLeadport(["keys", "create", "--name", "x", "--workspace", "nope"], env);
    expect(unknownWorkspace.code).toBe(1);
    expect(unknownWorkspace.stderr).toContain('workspace "nope" not found');
    const unknownKey = await runLeadport(["keys", "revoke", "missing-id"], env);
    expect(unknownKey.code).toBe(1);
    expect(unknownKey.stderr).toContain("API key not found");
    const missingName = await runLeadport(["keys", "create"], env);
    expect(missingName.code).toBe(2);
    expect(missingName.stderr).toContain("--name");
    const unknownCommand = await runLeadport(["frobnicate"], env);
    expect(unknownCommand.code).toBe(2);
  });

  it("offers --help on every command", async () => {
    for (const args of [["--help"], ["serve", "--help"], ["keys", "--help"], ["keys", "create", "--help"], ["workspaces", "list", "--help"], ["migrate", "--help"]]) {
      const run = await runLeadport(args, env);
      expect(run.code, args.join(" ")).toBe(0);
      expect(run.stdout).toContain("Usage: leadport");
    }
  });

  it("honours --db", async () => {
    const db = join(dataDir, "elsewhere.db");
    expect((await runLeadport(["--db", db, "workspaces", "create", "solo"], env)).code).toBe(0);
    const list = await runLeadport(["--db", db, "workspaces", "list", "--json"], env);
    expect(JSON.parse(list.stdout).map((w: { name: string }) => w.name)).toEqual(["solo"]);
  });
});
