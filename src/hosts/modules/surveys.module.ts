import { memorySurveyStorage } from "../../adapters/memory/surveys/memory-survey-storage.js";
import { sqliteSurveyStorage } from "../../adapters/sqlite/surveys/sqlite-survey-storage.js";
import { postgresSurveyStorage } from "../../adapters/postgres/surveys/postgres-survey-storage.js";
import { surveyApiRouteDocs, surveyApiRoutes } from "../../adapters/http/surveys/survey-api-routes.js";
import { surveyPageRouteDocs, surveyPageRoutes } from "../../adapters/http/surveys/survey-page-routes.js";
import { parseRateLimit, type RateLimit } from "../../adapters/system/token-bucket.js";
import { AnswerSurvey } from "../../application/surveys/answer-survey.js";
import { OpenSurveyLink } from "../../application/surveys/open-survey-link.js";
import { AddParticipants } from "../../application/surveys/add-participants.js";
import { CloseDispatch } from "../../application/surveys/close-dispatch.js";
import { CreateDispatch } from "../../application/surveys/create-dispatch.js";
import { GetDispatch } from "../../application/surveys/get-dispatch.js";
import { ListDispatches } from "../../application/surveys/list-dispatches.js";
import { CreateSurvey } from "../../application/surveys/create-survey.js";
import { DeleteSurvey } from "../../application/surveys/delete-survey.js";
import { GetSurvey } from "../../application/surveys/get-survey.js";
import { ListSurveys } from "../../application/surveys/list-surveys.js";
import { UpdateSurvey } from "../../application/surveys/update-survey.js";
import { GetParticipantList } from "../../application/surveys/get-participant-list.js";
import { PatchListMembers } from "../../application/surveys/patch-list-members.js";
import { ReplaceListMembers } from "../../application/surveys/replace-list-members.js";
import { SendDueSurveyMails } from "../../application/surveys/send-due-survey-mails.js";
import { NotifySurveyFeedback, SendSurveyMail } from "../../application/surveys/survey-mail-handlers.js";
import { surveyPersonalData } from "../../application/surveys/survey-personal-data.js";
import { GetCustomerSatisfaction } from "../../application/surveys/get-customer-satisfaction.js";
import { GetSurveyResults } from "../../application/surveys/get-survey-results.js";
import type {
  AddParticipantsInput,
  CreateDispatchInput,
  CreateSurveyInput,
  CreateTriggerInput,
  PatchMembersInput,
  ReplaceMembersInput,
  ResultsQuery,
  UpdateSurveyInput,
} from "../../application/surveys/survey-schemas.js";
import { SURVEY_TOKENS, type SurveySettings } from "../../application/surveys/survey-tokens.js";
import { CreateSurveyTrigger } from "../../application/surveys/create-survey-trigger.js";
import { DeleteSurveyTrigger } from "../../application/surveys/delete-survey-trigger.js";
import { ListSurveyTriggers } from "../../application/surveys/list-survey-triggers.js";
import { StartTriggeredSurveys } from "../../application/surveys/start-triggered-surveys.js";
import { registerSurveyCommands } from "./surveys-cli.js";
import { defineModule, ModuleConfigError } from "./feature-module.js";

/** What the hosts need beside the use cases' settings: the server's tick interval and the pages' rate limit. */
export interface SurveyHostSettings {
  readonly tickIntervalMs: number;
  readonly pageRatePerIp: RateLimit | null;
}

export const SURVEY_HOST_SETTINGS = Symbol.for("leadport.surveys.HostSettings");

export const SURVEY_DEFAULTS = { tickIntervalMs: 60_000, maxParticipants: 1000, pageRatePerIp: "60/10m" } as const;

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ModuleConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}

/** The sender's domain names the Message-IDs of survey mails, as it does for staff mail. */
const domainOf = (mailFrom: string) => /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom)?.[1] ?? "leadport";

/**
 * Customer-satisfaction surveys (docs/adr/0014-surveys-as-a-module.md): surveys, shared and
 * personal dispatches with quarantine and reminders, trigger rules on closed tickets, accepted
 * orders and won inquiries, the public answer pages, results and participant lists.
 */
export const surveysModule = defineModule({
  name: "surveys",
  storage: { sqlite: sqliteSurveyStorage, memory: memorySurveyStorage, postgres: postgresSurveyStorage },
  register: (container, setup) => {
    const rate = parseRateLimit(setup.env.LEADPORT_SURVEY_RATE_PER_IP ?? SURVEY_DEFAULTS.pageRatePerIp);
    if (rate instanceof Error) throw new ModuleConfigError(`LEADPORT_SURVEY_RATE_PER_IP: ${rate.message}`);
    const settings: SurveySettings = {
      publicUrl: setup.notifications.publicUrl,
      messageIdDomain: domainOf(setup.notifications.mailFrom),
      maxParticipantsPerRequest: wholeNumber(setup.env, "LEADPORT_SURVEY_MAX_PARTICIPANTS", SURVEY_DEFAULTS.maxParticipants, 1, 100_000),
      tickBatchSize: 100,
    };
    const host: SurveyHostSettings = {
      tickIntervalMs: wholeNumber(setup.env, "LEADPORT_SURVEY_TICK_MS", SURVEY_DEFAULTS.tickIntervalMs, 10, 86_400_000),
      pageRatePerIp: rate,
    };
    container.registerInstance(SURVEY_TOKENS.Settings, settings);
    container.registerInstance(SURVEY_HOST_SETTINGS, host);
  },
  outboxHandlers: (container) => [
    container.resolve(StartTriggeredSurveys),
    container.resolve(SendSurveyMail),
    container.resolve(NotifySurveyFeedback),
  ],
  // Invitations, answers and list entries go with the core's erasure and retention, in its transaction.
  personalData: () => surveyPersonalData,
  http: ({ container, useCases }) => {
    const host = container.resolve<SurveyHostSettings>(SURVEY_HOST_SETTINGS);
    return {
      routers: [
        surveyApiRoutes(container, useCases.authenticate),
        surveyPageRoutes({ openSurveyLink: container.resolve(OpenSurveyLink), answerSurvey: container.resolve(AnswerSurvey), ratePerIp: host.pageRatePerIp }),
      ],
      docs: [...surveyApiRouteDocs, ...surveyPageRouteDocs],
    };
  },
  cli: (program, cli) => registerSurveyCommands(program, cli),
  library: ({ container, workspaceId }) => ({
    surveys: {
      create: (input: CreateSurveyInput) => container.resolve(CreateSurvey).execute(workspaceId, input),
      list: () => container.resolve(ListSurveys).execute(workspaceId),
      get: (surveyId: string) => container.resolve(GetSurvey).execute(workspaceId, surveyId),
      update: (surveyId: string, input: UpdateSurveyInput) => container.resolve(UpdateSurvey).execute(workspaceId, surveyId, input),
      delete: (surveyId: string) => container.resolve(DeleteSurvey).execute(workspaceId, surveyId),
      dispatch: (surveyId: string, input: CreateDispatchInput) => container.resolve(CreateDispatch).execute(workspaceId, surveyId, input),
      dispatches: (surveyId: string) => container.resolve(ListDispatches).execute(workspaceId, surveyId),
      getDispatch: (dispatchId: string) => container.resolve(GetDispatch).execute(workspaceId, dispatchId),
      addParticipants: (dispatchId: string, input: AddParticipantsInput) => container.resolve(AddParticipants).execute(workspaceId, dispatchId, input),
      closeDispatch: (dispatchId: string) => container.resolve(CloseDispatch).execute(workspaceId, dispatchId),
      results: (surveyId: string, query?: ResultsQuery) => container.resolve(GetSurveyResults).execute(workspaceId, surveyId, query),
      satisfaction: (customerId: string) => container.resolve(GetCustomerSatisfaction).execute(workspaceId, customerId),
      /** Answers behind a personal link's token, as the answer page takes them (text per question id). */
      answer: (token: string, values: Readonly<Record<string, string>>) => container.resolve(AnswerSurvey).execute(token, values),
      /** Sends what is due in every workspace (the server does this on its own timer). */
      tick: () => container.resolve(SendDueSurveyMails).execute(),
      triggers: {
        create: (input: CreateTriggerInput) => container.resolve(CreateSurveyTrigger).execute(workspaceId, input),
        list: () => container.resolve(ListSurveyTriggers).execute(workspaceId),
        delete: (triggerId: string) => container.resolve(DeleteSurveyTrigger).execute(workspaceId, triggerId),
      },
      lists: {
        get: (listId: string) => container.resolve(GetParticipantList).execute(workspaceId, listId),
        replace: (listId: string, input: ReplaceMembersInput) => container.resolve(ReplaceListMembers).execute(workspaceId, listId, input),
        patch: (listId: string, input: PatchMembersInput) => container.resolve(PatchListMembers).execute(workspaceId, listId, input),
      },
    },
  }),
  background: ({ container, logger }) => {
    const host = container.resolve<SurveyHostSettings>(SURVEY_HOST_SETTINGS);
    const tick = container.resolve(SendDueSurveyMails);
    let running: Promise<unknown> | null = null;
    const timer = setInterval(() => {
      // One tick at a time: a slow one is not overtaken by the next.
      if (running) return;
      running = tick
        .execute()
        .catch((error: unknown) => logger.error({ err: error }, "survey tick failed"))
        .finally(() => (running = null));
    }, host.tickIntervalMs);
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await running;
      },
    };
  },
});
