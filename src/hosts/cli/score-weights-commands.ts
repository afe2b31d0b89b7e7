import type { Command } from "commander";
import { EXIT } from "./exit-codes.js";
import type { ChangeScoreWeightsInput } from "../../application/workspaces/score-weights.js";
import { maxPointsPerRule, type ScoreWeights } from "../../domain/inquiry/lead-score.js";
import { SCORE_RULES, SCORE_WEIGHT_SETTINGS } from "../../domain/inquiry/score-weights.js";
import type { Failure } from "../../domain/shared/failure.js";
import type { UseCases } from "../container.js";
import type { CliContext } from "./notification-commands.js";

/** The option each setting is changed with; the value ceiling's name is shortened for typing. */
const FLAGS: Readonly<Record<keyof ScoreWeights, string>> = {
  contact: "--contact",
  value: "--value",
  probability: "--probability",
  urgency: "--urgency",
  budget: "--budget",
  start: "--start",
  source: "--source",
  valueCeilingEuros: "--value-ceiling",
};

/** Where commander puts an option's value: `--value-ceiling` becomes `valueCeiling`. */
const optionKey = (flag: string) => flag.slice(2).replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());

function describeWeights(workspace: string, weights: ScoreWeights): string {
  const maxPoints = maxPointsPerRule(weights);
  const lines = SCORE_RULES.map((rule) => `  ${rule.padEnd(12)} ${String(weights[rule]).padStart(8)}   up to ${maxPoints[rule]} of 100 points`);
  return [`Lead-score weights of workspace ${workspace}:`, ...lines, `  value ceiling ${weights.valueCeilingEuros} EUR (full value points from there)`, ""].join("\n");
}

/** Says what went wrong in the terms of the command line: the option, not the API field. */
function withFlags(failure: Failure): Failure {
  if (!failure.issues) return failure;
  const named = failure.issues.map((issue) => `${FLAGS[issue.path as keyof ScoreWeights] ?? issue.path} ${issue.message}`);
  return { ...failure, message: named.join("; ") };
}

/** `workspaces weights`, `workspaces set-weights` and `workspaces rescore`. */
export function registerScoreWeightsCommands(program: Command, cli: CliContext): void {
  const workspaces = program.commands.find((command) => command.name() === "workspaces");
  if (!workspaces) return;
  const json = (value: unknown) => cli.out(`${JSON.stringify(value, null, 2)}\n`);

  workspaces
    .command("weights")
    .description("show a workspace's lead-score weights")
    .argument("[workspace]", "workspace name or id", "default")
    .option("--json", "print JSON")
    .action(async (workspace: string, options: { json?: boolean }) =>
      cli.withUseCases(async (useCases) => {
        const weights = cli.orFail(await useCases.getScoreWeights.execute(await cli.workspaceId(useCases, workspace)));
        if (options.json) return json(weights);
        cli.out(describeWeights(workspace, weights));
      }),
    );

  const setWeights = workspaces
    .command("set-weights")
    .description("change some lead-score weights (0 switches a rule off); settings left out keep their value")
    .argument("<workspace>", "workspace name or id");
  for (const setting of SCORE_WEIGHT_SETTINGS) {
    const help = setting === "valueCeilingEuros" ? "expected value (EUR) from which the value rule gives full points" : `weight of the ${setting} rule, 0 to 1000`;
    setWeights.option(`${FLAGS[setting]} <number>`, help);
  }
  setWeights
    .option("--rescore", "score every existing inquiry again with the new weights")
    .option("--json", "print JSON")
    .action(async (workspace: string, options: Record<string, string | boolean | undefined>) => {
      const change = parseChange(options, cli);
      return cli.withUseCases(async (useCases) => {
        const id = await cli.workspaceId(useCases, workspace);
        const result = await useCases.setScoreWeights.execute(id, change);
        const weights = cli.orFail(result.ok ? result : { ok: false, error: withFlags(result.error) });
        const rescored = options.rescore ? await rescore(useCases, id, cli) : null;
        if (options.json) return json(rescored ? { weights, rescore: rescored } : { weights });
        cli.out(describeWeights(workspace, weights));
        if (rescored) cli.out(rescoreLine(workspace, rescored));
        else cli.out("Existing inquiries keep their score until rescored: leadport workspaces rescore " + workspace + "\n");
      });
    });

  workspaces
    .command("rescore")
    .description("score every inquiry of a workspace again with its current weights")
    .argument("<workspace>", "workspace name or id")
    .option("--json", "print JSON")
    .action(async (workspace: string, options: { json?: boolean }) =>
      cli.withUseCases(async (useCases) => {
        const summary = await rescore(useCases, await cli.workspaceId(useCases, workspace), cli);
        if (options.json) return json(summary);
        cli.out(rescoreLine(workspace, summary));
      }),
    );
}

function parseChange(options: Record<string, string | boolean | undefined>, cli: CliContext): ChangeScoreWeightsInput {
  const change: Record<string, number> = {};
  for (const setting of SCORE_WEIGHT_SETTINGS) {
    const text = options[optionKey(FLAGS[setting])];
    if (typeof text !== "string") continue;
    const value = Number(text.trim());
    if (text.trim() === "" || !Number.isFinite(value)) cli.fail(`${FLAGS[setting]} must be a number, got "${text}"`, EXIT.usage);
    change[setting] = value;
  }
  if (Object.keys(change).length === 0) cli.fail(`name at least one weight to change, e.g. --value 30 (options: ${Object.values(FLAGS).join(", ")})`, EXIT.usage);
  return change;
}

async function rescore(useCases: UseCases, workspaceId: string, cli: CliContext) {
  return cli.orFail(await useCases.rescoreInquiries.execute(workspaceId));
}

const rescoreLine = (workspace: string, summary: { scanned: number; changed: number }) =>
  `Rescored workspace ${workspace}: ${summary.scanned} inquiries looked at, ${summary.changed} changed.\n`;
