import type { Command } from "commander";
import { EXIT } from "./exit-codes.js";
import type { OutboxMessage } from "../../application/ports/outbox-queue.js";
import { toStaffView, type AddStaffInput } from "../../application/staff/staff-members.js";
import type { Failure } from "../../domain/shared/failure.js";
import { STAFF_EVENTS, type StaffEvent } from "../../domain/staff/staff.js";
import type { UseCases } from "../container.js";

/** What cli.ts lends these commands: its database scope, its failure handling and its output. */
export interface CliContext {
  readonly out: (text: string) => void;
  withUseCases<T>(work: (useCases: UseCases) => Promise<T>): Promise<T>;
  workspaceId(useCases: UseCases, nameOrId: string): Promise<string>;
  orFail<T>(result: { ok: true; value: T } | { ok: false; error: Failure }): T;
  fail(message: string, exitCode: number): never;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** `staff …`, `outbox …` and `workspaces set-locale`. */
export function registerNotificationCommands(program: Command, cli: CliContext): void {
  registerStaffCommands(program, cli);
  registerOutboxCommands(program, cli);
  program.commands
    .find((command) => command.name() === "workspaces")
    ?.command("set-locale")
    .description("set the language of a workspace's notifications")
    .argument("<workspace>", "workspace name or id")
    .argument("<locale>", "de or en")
    .action(async (workspace: string, locale: string) =>
      cli.withUseCases(async (useCases) => {
        const updated = cli.orFail(await useCases.setWorkspaceLocale.execute(workspace, locale));
        cli.out(`Workspace ${updated.name} now uses locale ${updated.locale}.\n`);
      }),
    );
}

function registerStaffCommands(program: Command, cli: CliContext): void {
  const staff = program.command("staff").description("staff members who receive notifications and can be assigned inquiries");
  const add = staff
    .command("add")
    .description("add a staff member")
    .requiredOption("--email <address>", "e-mail address (also what an inquiry's assignee refers to)")
    .requiredOption("--name <name>", "display name")
    .option("--role <role>", "role, e.g. owner or staff", "staff")
    .option("--events <event...>", `notifications wanted: ${STAFF_EVENTS.join(", ")} (default: all)`)
    .option("--no-email", "in-app notifications only, no e-mail")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--json", "print JSON");
  // --email <address> and --no-email share commander's attribute name; listen to each separately.
  let address: string | undefined;
  let mailOff = false;
  add.on("option:email", (value: string) => (address = value));
  add.on("option:no-email", () => (mailOff = true));
  add.action(async (options: { name: string; role: string; events?: string[]; workspace: string; json?: boolean }) =>
    cli.withUseCases(async (useCases) => {
      const events = options.events?.flatMap((event) => event.split(",")).map((event) => event.trim());
      const unknown = events?.filter((event) => !(STAFF_EVENTS as readonly string[]).includes(event)) ?? [];
      if (unknown.length > 0) cli.fail(`unknown event(s) ${unknown.join(", ")}; choose from ${STAFF_EVENTS.join(", ")}`, EXIT.usage);
      const input: AddStaffInput = {
        name: options.name,
        email: address ?? "",
        role: options.role,
        ...(events ? { events: events as StaffEvent[] } : {}),
        emailEnabled: !mailOff,
      };
      const member = cli.orFail(await useCases.addStaff.execute(await cli.workspaceId(useCases, options.workspace), input));
      if (options.json) return cli.out(json(toStaffView(member)));
      cli.out(`Added staff member ${member.id} ${member.name} <${member.email}>\n`);
    }),
  );

  staff
    .command("list")
    .description("list staff members")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--json", "print JSON")
    .action(async (options: { workspace: string; json?: boolean }) =>
      cli.withUseCases(async (useCases) => {
        const members = cli.orFail(await useCases.listStaff.execute(await cli.workspaceId(useCases, options.workspace))).map(toStaffView);
        if (options.json) return cli.out(json(members));
        if (members.length === 0) return cli.out("No staff members yet. Add one with: leadport staff add --email … --name …\n");
        for (const m of members) {
          cli.out(`${m.id}  ${m.email}  "${m.name}"  ${m.role}  e-mail ${m.emailEnabled ? "on" : "off"}  ${m.events.join(",") || "-"}\n`);
        }
      }),
    );

  staff
    .command("remove")
    .description("remove a staff member and their notifications")
    .argument("<id-or-email>", "staff id or e-mail address")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .action(async (idOrEmail: string, options: { workspace: string }) =>
      cli.withUseCases(async (useCases) => {
        const member = cli.orFail(await useCases.removeStaff.execute(await cli.workspaceId(useCases, options.workspace), idOrEmail));
        cli.out(`Removed staff member ${member.id} ${member.name} <${member.email}>\n`);
      }),
    );
}

function describeMessage(m: OutboxMessage): string {
  const error = m.lastError ? `  last error: ${m.lastError}` : "";
  const next = m.status === "pending" ? `  next ${m.nextAttemptAt}` : "";
  return `${m.id}  ${m.type}  ${m.status}  attempts ${m.attempts}  ${m.occurredAt}${next}${error}\n`;
}

function registerOutboxCommands(program: Command, cli: CliContext): void {
  const outbox = program.command("outbox").description("inspect and drive the outbox that delivers notifications and mails");
  outbox
    .command("list")
    .description("list outbox messages, newest first")
    .option("--failed", "only dead letters (failed for good)")
    .option("--pending", "only messages still to be delivered")
    .option("--limit <n>", "how many", "100")
    .option("--json", "print JSON")
    .action(async (options: { failed?: boolean; pending?: boolean; limit: string; json?: boolean }) =>
      cli.withUseCases(async (useCases) => {
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1) cli.fail("--limit must be a positive integer", EXIT.usage);
        const status = options.failed ? "failed" : options.pending ? "pending" : undefined;
        const messages = cli.orFail(await useCases.listOutbox.execute({ status, limit }));
        if (options.json) return cli.out(json(messages));
        if (messages.length === 0) return cli.out(status ? `No ${status} outbox messages.\n` : "The outbox is empty.\n");
        for (const message of messages) cli.out(describeMessage(message));
      }),
    );

  outbox
    .command("retry")
    .description("put a failed message (or all) back in line with fresh attempts")
    .argument("[id]", "outbox message id")
    .option("--all-failed", "every failed message")
    .action(async (id: string | undefined, options: { allFailed?: boolean }) =>
      cli.withUseCases(async (useCases) => {
        if (Boolean(id) === Boolean(options.allFailed)) cli.fail("give either an ID or --all-failed", EXIT.usage);
        if (options.allFailed) {
          const { requeued } = cli.orFail(await useCases.retryFailedOutboxMessages.execute());
          return cli.out(`Requeued ${requeued} failed message(s).\n`);
        }
        const message = cli.orFail(await useCases.retryOutboxMessage.execute(id ?? ""));
        cli.out(`Requeued ${message.id} (${message.type}).\n`);
      }),
    );

  outbox
    .command("run")
    .description("deliver everything due now, once (for cron), then exit")
    .action(async () =>
      cli.withUseCases(async (useCases) => {
        const report = cli.orFail(await useCases.dispatchOutbox.execute());
        cli.out(`Outbox pass: ${report.done} done, ${report.retrying} to retry, ${report.failed} failed.\n`);
      }),
    );
}
