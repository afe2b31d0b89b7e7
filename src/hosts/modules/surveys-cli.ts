import type { Command } from "commander";
import { CreateSurvey } from "../../application/surveys/create-survey.js";
import { ListSurveys } from "../../application/surveys/list-surveys.js";
import { CreateDispatch } from "../../application/surveys/create-dispatch.js";
import { SendDueSurveyMails } from "../../application/surveys/send-due-survey-mails.js";
import { GetSurveyResults } from "../../application/surveys/get-survey-results.js";
import { CreateSurveyTrigger } from "../../application/surveys/create-survey-trigger.js";
import { DeleteSurveyTrigger } from "../../application/surveys/delete-survey-trigger.js";
import { ListSurveyTriggers } from "../../application/surveys/list-survey-triggers.js";
import type { CliModuleContext } from "./feature-module.js";

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const WORKSPACE = ["--workspace <workspace>", "workspace name or id", "default"] as const;

/** An option's text as a number; the use case's validation names the field when it is out of range. */
const numberOption = (value: string | undefined) => (value === undefined ? undefined : Number(value));

/** `leadport surveys list|create|results|dispatch|tick|triggers`. */
export function registerSurveyCommands(program: Command, cli: CliModuleContext): void {
  const surveys = program.command("surveys").description("customer-satisfaction surveys: create, send, results, and the scheduler tick for cron");

  surveys
    .command("list")
    .description("list the workspace's surveys")
    .option(...WORKSPACE)
    .option("--json", "print JSON")
    .action(async (options: { workspace: string; json?: boolean }) =>
      cli.withUseCases(async (useCases, container) => {
        const list = cli.orFail(await container.resolve(ListSurveys).execute(await cli.workspaceId(useCases, options.workspace)));
        if (options.json) return cli.out(json(list));
        if (list.length === 0) return cli.out("No surveys yet. Create one with: leadport surveys create --title \"…\"\n");
        for (const survey of list) cli.out(`${survey.id}  ${survey.title}  (${survey.language}, ${survey.questions.length} questions, quarantine ${survey.quarantine.days} days)\n`);
      }),
    );

  surveys
    .command("create")
    .description("create a survey (without questions: satisfaction 1-5, recommendation 0-10 and a comment)")
    .requiredOption("--title <title>", "title, also the invitation's subject")
    .option("--language <language>", "de or en (default: the workspace's)")
    .option("--quarantine-days <days>", "the same person gets it again only after this many days (default 30)")
    .option("--across-surveys", "the quarantine counts every survey")
    .option("--reminder-after-days <days>", "days before a reminder (personal dispatches; default 7)")
    .option("--max-reminders <count>", "at most this many reminders (default 2)")
    .option(...WORKSPACE)
    .option("--json", "print JSON")
    .action(
      async (options: { title: string; language?: "de" | "en"; quarantineDays?: string; acrossSurveys?: boolean; reminderAfterDays?: string; maxReminders?: string; workspace: string; json?: boolean }) =>
        cli.withUseCases(async (useCases, container) => {
          const quarantineDays = numberOption(options.quarantineDays);
          const survey = cli.orFail(
            await container.resolve(CreateSurvey).execute(await cli.workspaceId(useCases, options.workspace), {
              title: options.title,
              ...(options.language ? { language: options.language } : {}),
              ...(quarantineDays !== undefined || options.acrossSurveys ? { quarantine: { ...(quarantineDays !== undefined ? { days: quarantineDays } : {}), acrossSurveys: options.acrossSurveys ?? false } } : {}),
              reminders: { afterDays: numberOption(options.reminderAfterDays), maxReminders: numberOption(options.maxReminders) },
            }),
          );
          cli.out(options.json ? json(survey) : `${survey.id}\n`);
        }),
    );

  surveys
    .command("dispatch")
    .description("send a survey to one person now")
    .argument("<survey-id>")
    .requiredOption("--email <email>", "the participant's e-mail")
    .option("--name <name>", "the participant's name")
    .option("--mode <mode>", "personal (with reminders) or shared", "personal")
    .option(...WORKSPACE)
    .action(async (surveyId: string, options: { email: string; name?: string; mode: "personal" | "shared"; workspace: string }) =>
      cli.withUseCases(async (useCases, container) => {
        const report = cli.orFail(
          await container.resolve(CreateDispatch).execute(await cli.workspaceId(useCases, options.workspace), surveyId, {
            mode: options.mode,
            participants: [{ email: options.email, ...(options.name ? { name: options.name } : {}) }],
          }),
        );
        for (const invited of report.invited) cli.out(`Invited ${invited.email} (dispatch ${invited.dispatchId}); it goes out with the next tick.\n`);
        for (const skipped of report.skipped) cli.out(`Skipped ${skipped.email}: surveyed on ${skipped.lastSurveyedAt}, eligible again from ${skipped.eligibleFrom}.\n`);
      }),
    );

  surveys
    .command("results")
    .description("a survey's results")
    .argument("<survey-id>")
    .option("--variable <name=value>", "only participants with this background variable")
    .option("--from <date>", "answers from this day (YYYY-MM-DD)")
    .option("--to <date>", "answers up to this day (YYYY-MM-DD)")
    .option(...WORKSPACE)
    .option("--json", "print JSON")
    .action(async (surveyId: string, options: { variable?: string; from?: string; to?: string; workspace: string; json?: boolean }) =>
      cli.withUseCases(async (useCases, container) => {
        const query = { ...(options.variable ? { variable: options.variable } : {}), ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}) };
        const results = cli.orFail(await container.resolve(GetSurveyResults).execute(await cli.workspaceId(useCases, options.workspace), surveyId, query));
        if (options.json) return cli.out(json(results));
        cli.out(`Sent ${results.sent}, answered ${results.answered} (${Math.round(results.responseRate * 100)} %).\n`);
        for (const question of results.questions) {
          const score = question.nps ? `NPS ${question.nps.score}` : question.average !== null ? `average ${question.average}` : `${question.answered} answers`;
          cli.out(`  ${question.questionId}: ${score}\n`);
        }
      }),
    );

  surveys
    .command("tick")
    .description("send the invitations and reminders due now, in every workspace (for cron; deliver with `leadport outbox run`)")
    .action(async () =>
      cli.withUseCases(async (_useCases, container) => {
        const report = cli.orFail(await container.resolve(SendDueSurveyMails).execute());
        cli.out(`Survey tick: ${report.invited} invitations, ${report.reminded} reminders, ${report.quarantined} held back by quarantine, ${report.expired} expired.\n`);
      }),
    );

  const triggers = surveys.command("triggers").description("send a survey when a ticket is closed, an order accepted or an inquiry won");
  triggers
    .command("add")
    .requiredOption("--event <event>", "ticket.closed, order.accepted or inquiry.won")
    .requiredOption("--survey <survey-id>", "the survey to send")
    .option("--delay-minutes <minutes>", "wait this long after the event", "0")
    .option(...WORKSPACE)
    .action(async (options: { event: "ticket.closed"; survey: string; delayMinutes: string; workspace: string }) =>
      cli.withUseCases(async (useCases, container) => {
        const trigger = cli.orFail(
          await container.resolve(CreateSurveyTrigger).execute(await cli.workspaceId(useCases, options.workspace), {
            event: options.event,
            surveyId: options.survey,
            delayMinutes: Number(options.delayMinutes),
          }),
        );
        cli.out(`${trigger.id}\n`);
      }),
    );
  triggers
    .command("list")
    .option(...WORKSPACE)
    .action(async (options: { workspace: string }) =>
      cli.withUseCases(async (useCases, container) => {
        for (const trigger of cli.orFail(await container.resolve(ListSurveyTriggers).execute(await cli.workspaceId(useCases, options.workspace)))) {
          cli.out(`${trigger.id}  ${trigger.event} → ${trigger.surveyId} after ${trigger.delayMinutes} min\n`);
        }
      }),
    );
  triggers
    .command("remove")
    .argument("<trigger-id>")
    .option(...WORKSPACE)
    .action(async (triggerId: string, options: { workspace: string }) =>
      cli.withUseCases(async (useCases, container) => {
        cli.orFail(await container.resolve(DeleteSurveyTrigger).execute(await cli.workspaceId(useCases, options.workspace), triggerId));
        cli.out(`Removed ${triggerId}.\n`);
      }),
    );
}
