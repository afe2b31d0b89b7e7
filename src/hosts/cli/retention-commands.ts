import type { Command } from "commander";
import { EXIT } from "./exit-codes.js";
import type { ChangeRetentionInput } from "../../application/retention/retention-settings.js";
import type { RetentionReport } from "../../application/retention/run-retention.js";
import type { RetentionPolicy } from "../../domain/workspace/retention.js";
import type { Failure } from "../../domain/shared/failure.js";
import type { CliContext } from "./notification-commands.js";

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const FLAGS: Readonly<Record<keyof RetentionPolicy, readonly [string, string]>> = {
  closedTicketsMonths: ["--closed-tickets-months", "months after closing that a ticket goes"],
  lostInquiriesMonths: ["--lost-inquiries-months", "months after its last change that a lost inquiry goes, with its files"],
  deliveredEventsDays: ["--delivered-events-days", "days after delivery that an outbox event and its stored mail go"],
  surveyResponsesDays: ["--survey-responses-days", "days after answering that a survey response goes, and a finished invitation with its mails"],
};
const optionKey = (flag: string) => flag.slice(2).replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());

function describePolicy(workspace: string, policy: RetentionPolicy): string {
  const line = (setting: keyof RetentionPolicy, unit: string) => `  ${FLAGS[setting][0].slice(2).padEnd(24)} ${policy[setting] === null ? "keep" : `${policy[setting]} ${unit}`}`;
  return [`Retention of workspace ${workspace}:`, line("closedTicketsMonths", "months"), line("lostInquiriesMonths", "months"), line("deliveredEventsDays", "days"), line("surveyResponsesDays", "days"), ""].join("\n");
}

function describeReport(name: string, report: RetentionReport): string {
  const verb = report.dryRun ? "would delete" : "deleted";
  const ids = (label: string, list: readonly string[]) => (list.length === 0 ? [] : [`  ${label}: ${list.join(" ")}`]);
  const features = Object.entries(report.sections).flatMap(([section, counts]) => {
    const counted = Object.entries(counts).filter(([, count]) => count > 0);
    return counted.length === 0 ? [] : [`  ${section}: ${counted.map(([kind, count]) => `${count} ${kind}`).join(", ")}`];
  });
  return [
    `Workspace ${name} ${verb}: ${report.closedTickets.length} closed tickets, ${report.lostInquiries.length} lost inquiries, ` +
      `${report.customers.length} customers left without records, ${report.outboxEvents} outbox events, ${report.mails} stored mails.`,
    ...ids("tickets", report.closedTickets),
    ...ids("inquiries", report.lostInquiries),
    ...ids("customers", report.customers),
    ...features,
    "",
  ].join("\n");
}

/** Says what went wrong in terms of the command line: the option, not the API field. */
function withFlags(failure: Failure): Failure {
  if (!failure.issues) return failure;
  return { ...failure, message: failure.issues.map((i) => `${FLAGS[i.path as keyof RetentionPolicy]?.[0] ?? i.path} ${i.message}`).join("; ") };
}

/** `retention show|set|run`. */
export function registerRetentionCommands(program: Command, cli: CliContext): void {
  const retention = program.command("retention").description("how long records are kept, and deleting what is past its period");

  retention
    .command("show")
    .description("show a workspace's retention periods")
    .argument("[workspace]", "workspace name or id", "default")
    .option("--json", "print JSON")
    .action(async (workspace: string, options: { json?: boolean }) =>
      cli.withUseCases(async (useCases) => {
        const policy = cli.orFail(await useCases.getRetention.execute(await cli.workspaceId(useCases, workspace)));
        cli.out(options.json ? json(policy) : describePolicy(workspace, policy));
      }),
    );

  const set = retention.command("set").description("change retention periods: a number, or 'keep' to keep for good").argument("<workspace>", "workspace name or id");
  for (const [flag, help] of Object.values(FLAGS)) set.option(`${flag} <n|keep>`, help);
  set.option("--json", "print JSON").action(async (workspace: string, options: Record<string, string | boolean | undefined>) => {
    const change: Record<string, number | null> = {};
    for (const [setting, [flag]] of Object.entries(FLAGS)) {
      const text = options[optionKey(flag)];
      if (typeof text !== "string") continue;
      const value = text.trim() === "keep" ? null : Number(text.trim());
      if (value !== null && (text.trim() === "" || !Number.isFinite(value))) cli.fail(`${flag} must be a number or "keep", got "${text}"`, EXIT.usage);
      change[setting] = value;
    }
    if (Object.keys(change).length === 0) cli.fail(`name at least one period, e.g. --closed-tickets-months 24`, EXIT.usage);
    return cli.withUseCases(async (useCases) => {
      const result = await useCases.setRetention.execute(await cli.workspaceId(useCases, workspace), change as ChangeRetentionInput);
      const policy = cli.orFail(result.ok ? result : { ok: false, error: withFlags(result.error) });
      cli.out(options.json ? json(policy) : describePolicy(workspace, policy));
    });
  });

  retention
    .command("run")
    .description("delete what is past its retention period, in one workspace or all")
    .option("--workspace <workspace>", "only this workspace (name or id); default all")
    .option("--dry-run", "list what would be deleted, delete nothing")
    .option("--json", "print JSON")
    .action(async (options: { workspace?: string; dryRun?: boolean; json?: boolean }) =>
      cli.withUseCases(async (useCases) => {
        const workspaces = options.workspace
          ? [cli.orFail(await useCases.findWorkspace.execute(options.workspace))]
          : cli.orFail(await useCases.listWorkspaces.execute());
        const reports: RetentionReport[] = [];
        for (const workspace of workspaces) {
          const report = cli.orFail(await useCases.runRetention.execute(workspace.id, { dryRun: options.dryRun ?? false }));
          reports.push(report);
          if (!options.json) cli.out(describeReport(workspace.name, report));
        }
        if (options.json) cli.out(json(reports));
      }),
    );
}
