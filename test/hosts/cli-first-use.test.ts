import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli, type CliIo } from "../../src/hosts/cli.js";
import { EXIT } from "../../src/hosts/cli/exit-codes.js";
import { dataDirEnv } from "../support/test-database.js";

/** Runs the CLI in-process against its own fresh data directory. */
function freshCli() {
  const dataDir = mkdtempSync(join(tmpdir(), "leadport-first-use-"));
  const run = async (...argv: string[]) => {
    let out = "";
    let err = "";
    const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), env: dataDirEnv(dataDir) };
    const code = await runCli(argv, io);
    return { code, out, err };
  };
  return { dataDir, run, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

describe("every command treats a fresh database the same way", () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });
  const fresh = () => {
    const cli = freshCli();
    cleanups.push(cli.cleanup);
    return cli;
  };

  it.each([
    ["keys create", ["keys", "create", "--name", "Website"]],
    ["staff add", ["staff", "add", "--email", "anna@example.org", "--name", "Anna"]],
    ["workspaces weights", ["workspaces", "weights"]],
  ])("%s creates the default workspace on first use", async (_label, argv) => {
    const { run } = fresh();
    const result = await run(...argv);
    expect(result.err).toContain('Created workspace "default"');
    expect(result.err).toMatch(/first API key \(shown only once\): lp_live_/);
    expect(result.code, result.err).toBe(EXIT.ok);
    const listed = await run("workspaces", "list", "--json");
    expect(JSON.parse(listed.out).map((w: { name: string }) => w.name)).toEqual(["default"]);
    // The second run finds it: no second workspace, no second first key.
    const again = await run(...argv.map((a) => (a === "anna@example.org" ? "ben@example.org" : a)));
    expect(again.code, again.err).toBe(EXIT.ok);
    expect(again.err).not.toContain("Created workspace");
  });

  it("names the command to run when another workspace is missing", async () => {
    const { run } = fresh();
    expect((await run("workspaces", "create", "dach")).code).toBe(EXIT.ok);
    const missing = await run("keys", "create", "--name", "Website", "--workspace", "nirgends");
    expect(missing.code).toBe(EXIT.failed);
    expect(missing.err).toContain("leadport workspaces create nirgends");
    expect(missing.err).toContain("Existing workspaces: dach");
    // "default" is only created on a database without any workspace.
    const noDefault = await run("staff", "add", "--email", "a@example.org", "--name", "A");
    expect(noDefault.code).toBe(EXIT.failed);
    expect(noDefault.err).toContain("leadport workspaces create default");
  });

  it("uses one exit-code table: 2 only for bad usage", async () => {
    const { run } = fresh();
    expect((await run("no-such-command")).code).toBe(EXIT.usage);
    expect((await run("keys", "create")).code).toBe(EXIT.usage);
    expect((await run("workspaces", "create", "no spaces")).code).toBe(EXIT.usage);
    expect((await run("keys", "revoke", "nope")).code).toBe(EXIT.failed);
    expect(new Set(Object.values(EXIT)).size).toBe(Object.values(EXIT).length);
  });

  it("prints the package version", async () => {
    const { run } = fresh();
    const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
    const result = await run("--version");
    expect(result.code).toBe(EXIT.ok);
    expect(result.out.trim()).toBe(version);
  });
});
