import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/hosts/cli.js";
import { runLeadport } from "../support/cli.js";
import { dataDirEnv } from "../support/test-database.js";

/** `leadport surveys …` on a database file, as an operator or a cron job runs it. */
describe("the surveys command line", () => {
  let dir: string;
  const env = () => dataDirEnv(dir);
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: env() });
    return { code, stdout: out.join(""), stderr: err.join("") };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "leadport-surveys-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("creates, lists, dispatches, ticks and reports results", async () => {
    const created = await run("surveys", "create", "--title", "Montage-Feedback", "--quarantine-days", "14", "--max-reminders", "1");
    expect(created.code, created.stderr).toBe(0);
    const surveyId = created.stdout.trim();
    const listed = await run("surveys", "list");
    expect(listed.stdout).toContain(`${surveyId}  Montage-Feedback  (de, 3 questions, quarantine 14 days)`);

    expect((await run("surveys", "dispatch", surveyId, "--email", "kunde@example.org", "--name", "Kai Kunde")).stdout).toContain("Invited kunde@example.org");
    expect((await run("surveys", "dispatch", surveyId, "--email", "kunde@example.org")).stdout).toMatch(/Skipped kunde@example\.org: surveyed on .+, eligible again from .+\./);

    const tick = await run("surveys", "tick");
    expect(tick.stdout).toBe("Survey tick: 1 invitations, 0 reminders, 0 held back by quarantine, 0 expired.\n");
    const results = await run("surveys", "results", surveyId, "--json");
    expect(JSON.parse(results.stdout)).toMatchObject({ surveyId, sent: 1, answered: 0, responseRate: 0 });
  });

  it("manages trigger rules and refuses bad values with exit code 2 naming the field", async () => {
    const surveyId = (await run("surveys", "create", "--title", "Nach dem Ticket")).stdout.trim();
    const added = await run("surveys", "triggers", "add", "--event", "ticket.closed", "--survey", surveyId, "--delay-minutes", "15");
    expect(added.code, added.stderr).toBe(0);
    expect((await run("surveys", "triggers", "list")).stdout).toContain(`ticket.closed → ${surveyId} after 15 min`);
    expect((await run("surveys", "triggers", "remove", added.stdout.trim())).code).toBe(0);

    const bad = await run("surveys", "create", "--title", "Falsch", "--quarantine-days", "-3");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("quarantine.days");
    expect((await run("surveys", "triggers", "add", "--event", "ticket.opened", "--survey", surveyId)).code).toBe(2);
    expect((await run("surveys", "results", "nope")).code).toBe(1);
  });

  it("stops with exit code 2 naming a survey setting that has a value it cannot use", async () => {
    const out: string[] = [];
    const code = await runCli(["surveys", "list"], { out: (t) => out.push(t), err: (t) => out.push(t), env: { ...env(), LEADPORT_SURVEY_TICK_MS: "soon" } });
    expect(code).toBe(2);
    expect(out.join("")).toContain('LEADPORT_SURVEY_TICK_MS must be a whole number from 10 to 86400000, got "soon"');
    const rate = await runCli(["surveys", "list"], { out: (t) => out.push(t), err: (t) => out.push(t), env: { ...env(), LEADPORT_SURVEY_RATE_PER_IP: "viele" } });
    expect(rate).toBe(2);
    expect(out.join("")).toContain("LEADPORT_SURVEY_RATE_PER_IP");
  });

  it("runs as the real binary for cron: `leadport surveys tick`", async () => {
    const result = await runLeadport(["surveys", "tick"], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Survey tick: \d+ invitations/);
  });
});
