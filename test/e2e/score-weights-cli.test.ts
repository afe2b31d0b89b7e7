import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLeadport } from "../../src/hosts/library.js";
import { runLeadport } from "../support/cli.js";
import { libraryDatabase } from "../support/test-database.js";

describe("leadport workspaces weights | set-weights | rescore on the command line", () => {
  let dataDir: string;
  const env = () => ({ LEADPORT_DATA_DIR: dataDir });
  const cli = (...args: string[]) => runLeadport(args, env());

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "leadport-weights-cli-"));
    expect((await cli("workspaces", "create", "dach")).code).toBe(0);
    expect((await cli("workspaces", "create", "bad")).code).toBe(0);
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** Inquiries are written through the library on the same database file, as another program would. */
  async function withWorkspace<T>(name: string, work: (lp: Awaited<ReturnType<typeof createLeadport>>) => Promise<T>): Promise<T> {
    const lp = await createLeadport({ ...libraryDatabase(join(dataDir, "leadport.db")), workspace: name, mail: { directory: join(dataDir, "mail") } });
    try {
      return await work(lp);
    } finally {
      await lp.close();
    }
  }

  it("shows the defaults, changes them with --rescore and rescores only the named workspace", async () => {
    const fileOne = (name: string) =>
      withWorkspace(name, async (lp) => {
        const created = await lp.inquiries.create({ title: "Dach", contact: { name: "Max", email: "max@example.org" }, expectedValue: 5000 });
        if (!created.ok) throw new Error(created.error.message);
        return created.value.inquiry;
      });
    const roof = await fileOne("dach");
    const bath = await fileOne("bad");

    const shown = await cli("workspaces", "weights", "dach");
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/value\s+20\s+up to 20 of 100 points/);

    const set = await cli("workspaces", "set-weights", "dach", "--value", "30", "--contact", "10", "--value-ceiling", "10000", "--rescore");
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/value\s+30\s+up to 30 of 100 points/);
    expect(set.stdout).toContain("value ceiling 10000 EUR");
    expect(set.stdout).toContain("Rescored workspace dach: 1 inquiries looked at, 1 changed.");

    const json = await cli("workspaces", "weights", "dach", "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ value: 30, contact: 10, valueCeilingEuros: 10000 });

    await withWorkspace("dach", async (lp) => {
      const after = await lp.inquiries.get(roof.id);
      expect(after.ok && after.value.leadScoreReasons.find((reason) => reason.rule === "value")?.maxPoints).toBe(30);
    });
    await withWorkspace("bad", async (lp) => {
      expect(await lp.inquiries.get(bath.id)).toEqual({ ok: true, value: bath });
    });

    const again = await cli("workspaces", "rescore", "dach");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("1 inquiries looked at, 0 changed.");
  });

  it("exits 2 with a clear message on bad values and changes nothing", async () => {
    const before = (await cli("workspaces", "weights", "bad", "--json")).stdout;
    const notANumber = await cli("workspaces", "set-weights", "bad", "--value", "viel");
    expect([notANumber.code, notANumber.stderr]).toEqual([2, 'Error: --value must be a number, got "viel"\n']);
    const invalid = await cli("workspaces", "set-weights", "bad", "--budget", "-1", "--value-ceiling", "0");
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("--budget must be a finite number of 0 or more; --value-ceiling must be greater than 0");
    const nothing = await cli("workspaces", "set-weights", "bad");
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("name at least one weight to change");
    expect((await cli("workspaces", "weights", "bad", "--json")).stdout).toBe(before);
    expect((await cli("workspaces", "rescore", "nowhere")).code).toBe(1);
  });
});
