import type { Command } from "commander";
import { accountingPersonalData } from "../../application/accounting/accounting-personal-data.js";
import { ACCOUNTING_TOKENS } from "../../application/accounting/accounting-tokens.js";
import { GetAccountingStatus } from "../../application/accounting/get-accounting-status.js";
import { GetAccountingSync } from "../../application/accounting/get-accounting-sync.js";
import { KeepAccountingContact, QuoteDraftOnRequest, QuoteDraftOnWin, ResendWaitingDrafts } from "../../application/accounting/accounting-handlers.js";
import { ResendQuoteDraft } from "../../application/accounting/resend-quote-draft.js";
import { SendWonInquiries, type SendWonInquiriesInput } from "../../application/accounting/send-won-inquiries.js";
import type { AccountingStatusView, AccountingSyncView } from "../../application/accounting/accounting-view.js";
import { ConnectAccounting, type ConnectAccountingInput } from "../../application/accounting/connect-accounting.js";
import { ProviderAccountingSystems } from "../../adapters/accounting/accounting-systems.js";
import { DEFAULT_LEXOFFICE_SETTINGS, type LexofficeSettings } from "../../adapters/accounting/lexoffice/lexoffice-accounting.js";
import { accountingRouteDocs, accountingRoutes } from "../../adapters/http/accounting/accounting-routes.js";
import { accountingMemoryStorage } from "../../adapters/memory/accounting/accounting-storage.js";
import { accountingSqliteStorage } from "../../adapters/sqlite/accounting/accounting-storage.js";
import { accountingPostgresStorage } from "../../adapters/postgres/accounting/accounting-storage.js";
import { ACCOUNTING_PROVIDERS, type AccountingProvider } from "../../domain/accounting/accounting-sync.js";
import type { Clock } from "../../application/ports/clock.js";
import { TOKENS } from "../../application/tokens.js";
import type { Failure } from "../../domain/shared/failure.js";
import type { Result } from "../../domain/shared/result.js";
import { EXIT } from "../cli/exit-codes.js";
import { defineModule, ModuleConfigError, type CliModuleContext } from "./feature-module.js";

/** LEADPORT_LEXOFFICE_URL (a proxy or a test double) and LEADPORT_LEXOFFICE_TIMEOUT_MS. */
export function readLexofficeSettings(env: NodeJS.ProcessEnv): LexofficeSettings {
  const url = env.LEADPORT_LEXOFFICE_URL?.trim() || DEFAULT_LEXOFFICE_SETTINGS.baseUrl;
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    throw new ModuleConfigError(`LEADPORT_LEXOFFICE_URL must be an http(s) URL, got "${url}"`);
  }
  const timeout = env.LEADPORT_LEXOFFICE_TIMEOUT_MS?.trim();
  const timeoutMs = timeout ? Number(timeout) : DEFAULT_LEXOFFICE_SETTINGS.timeoutMs;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new ModuleConfigError(`LEADPORT_LEXOFFICE_TIMEOUT_MS must be a positive whole number of milliseconds, got "${timeout}"`);
  return { ...DEFAULT_LEXOFFICE_SETTINGS, baseUrl: url, timeoutMs };
}

export interface AccountingLibrary {
  readonly accounting: {
    connect(input: ConnectAccountingInput): ReturnType<ConnectAccounting["execute"]>;
    status(): ReturnType<GetAccountingStatus["execute"]>;
    sync(inquiryId: string): ReturnType<GetAccountingSync["execute"]>;
    /** Sends a refused draft again, built from the inquiry's and customer's current data. */
    resend(inquiryId: string): ReturnType<ResendQuoteDraft["execute"]>;
    /** Queues the drafts of inquiries won since a date (YYYY-MM-DD) that have none, e.g. from before connecting. */
    sendWon(input: SendWonInquiriesInput): ReturnType<SendWonInquiries["execute"]>;
  };
}

/** Won inquiries become quote drafts in the workspace's accounting system (issue 18, seed 003, docs/adr/0015). */
export const accountingModule = defineModule<AccountingLibrary>({
  name: "accounting",
  storage: { sqlite: accountingSqliteStorage, memory: accountingMemoryStorage, postgres: accountingPostgresStorage },
  register: (container, setup) => {
    container.registerInstance(ACCOUNTING_TOKENS.Systems, new ProviderAccountingSystems({ dataDir: setup.dataDir, lexoffice: readLexofficeSettings(setup.env) }));
  },
  outboxHandlers: (container) => [container.resolve(QuoteDraftOnWin), container.resolve(QuoteDraftOnRequest), container.resolve(ResendWaitingDrafts), container.resolve(KeepAccountingContact)],
  // The drafts' contact details go with an erasure, in its transaction; the remote contact stays (its API cannot delete it).
  personalData: (container) => accountingPersonalData(container.resolve<Clock>(TOKENS.Clock)),
  http: ({ container, useCases }) => ({
    routers: [
      accountingRoutes({
        authenticate: useCases.authenticate,
        getAccountingSync: container.resolve(GetAccountingSync),
        getAccountingStatus: container.resolve(GetAccountingStatus),
        resendQuoteDraft: container.resolve(ResendQuoteDraft),
        sendWonInquiries: container.resolve(SendWonInquiries),
      }),
    ],
    docs: accountingRouteDocs,
  }),
  cli: (program, cli) => registerAccountingCommands(program, cli),
  library: ({ container, workspaceId }) => ({
    accounting: {
      connect: (input) => container.resolve(ConnectAccounting).execute(workspaceId, input),
      status: () => container.resolve(GetAccountingStatus).execute(workspaceId),
      sync: (inquiryId) => container.resolve(GetAccountingSync).execute(workspaceId, inquiryId),
      resend: (inquiryId) => container.resolve(ResendQuoteDraft).execute(workspaceId, inquiryId),
      sendWon: (input) => container.resolve(SendWonInquiries).execute(workspaceId, input),
    },
  }),
});

function registerAccountingCommands(program: Command, cli: CliModuleContext): void {
  const accounting = program.command("accounting").description("quote drafts of won inquiries in the accounting system (Lexware Office, files)");
  const json = (value: unknown) => cli.out(`${JSON.stringify(value, null, 2)}\n`);

  accounting
    .command("connect")
    .description("connect the workspace's accounting system; the token is tried first and refused with the reason when it fails")
    .argument("<provider>", `one of: ${ACCOUNTING_PROVIDERS.join(", ")}`)
    .option("--token <token>", "the API token (lexoffice); stored for the workspace, never shown again")
    .option("--vat-rate <percent>", "VAT rate of the quote's line item in percent (default 19, or the rate set before)")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .action(async (provider: string, options: { token?: string; vatRate?: string; workspace: string }) =>
      cli.withUseCases(async (useCases, container) => {
        if (!(ACCOUNTING_PROVIDERS as readonly string[]).includes(provider)) cli.fail(`provider must be one of ${ACCOUNTING_PROVIDERS.join(", ")}`, EXIT.usage);
        const vatRatePercent = options.vatRate === undefined ? undefined : Number(options.vatRate.replace(",", "."));
        if (vatRatePercent !== undefined && Number.isNaN(vatRatePercent)) cli.fail("--vat-rate must be a number", EXIT.usage);
        const workspaceId = await cli.workspaceId(useCases, options.workspace);
        const connected = cli.orFail(
          withFlags(await container.resolve(ConnectAccounting).execute(workspaceId, { provider: provider as AccountingProvider, token: options.token, vatRatePercent })),
        );
        cli.out(`Connected ${connected.provider} for workspace ${options.workspace} (VAT ${connected.vatRatePercent} %). Drafts waiting for the connection are sent next.\n`);
      }),
    );

  accounting
    .command("status")
    .description("show the connection (without its token) and the state of every quote draft")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--inquiry <id>", "only this inquiry's draft")
    .option("--json", "print JSON")
    .action(async (options: { workspace: string; inquiry?: string; json?: boolean }) =>
      cli.withUseCases(async (useCases, container) => {
        const workspaceId = await cli.workspaceId(useCases, options.workspace);
        if (options.inquiry) {
          const sync = cli.orFail(await container.resolve(GetAccountingSync).execute(workspaceId, options.inquiry));
          return options.json ? json(sync) : cli.out(describeSyncs([sync]));
        }
        const status = cli.orFail(await container.resolve(GetAccountingStatus).execute(workspaceId));
        if (options.json) return json(status);
        cli.out(describeStatus(options.workspace, status));
      }),
    );

  accounting
    .command("resend")
    .description("send a quote draft the accounting system refused again, built from the inquiry's and customer's current data")
    .argument("<inquiry>", "the inquiry's id")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--json", "print JSON")
    .action(async (inquiryId: string, options: { workspace: string; json?: boolean }) =>
      cli.withUseCases(async (useCases, container) => {
        const workspaceId = await cli.workspaceId(useCases, options.workspace);
        const queued = cli.orFail(await container.resolve(ResendQuoteDraft).execute(workspaceId, inquiryId));
        if (options.json) return json(queued);
        cli.out(`Queued the quote draft of inquiry ${inquiryId} again; the outbox sends it next.\n${describeSyncs([queued])}`);
      }),
    );

  accounting
    .command("send-won")
    .description("queue the quote drafts of inquiries won since a date that have none yet (e.g. won before connecting)")
    .requiredOption("--since <date>", "won on or after this date, YYYY-MM-DD (UTC)")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--json", "print JSON")
    .action(async (options: { since: string; workspace: string; json?: boolean }) =>
      cli.withUseCases(async (useCases, container) => {
        const workspaceId = await cli.workspaceId(useCases, options.workspace);
        const sent = cli.orFail(withFlags(await container.resolve(SendWonInquiries).execute(workspaceId, { since: options.since })));
        if (options.json) return json(sent);
        cli.out(`Queued ${sent.queued} quote draft${sent.queued === 1 ? "" : "s"} of inquiries won since ${sent.since}; the outbox sends them next.\n`);
      }),
    );
}

/** The option a refused field was given with, so the message names what the user typed. */
const FLAGS: Readonly<Record<string, string>> = { token: "--token", vatRatePercent: "--vat-rate", provider: "<provider>", since: "--since" };

function withFlags<T>(result: Result<T, Failure>): Result<T, Failure> {
  if (result.ok || !result.error.issues) return result;
  const message = result.error.issues.map((issue) => `${FLAGS[issue.path] ?? issue.path} ${issue.message}`).join("; ");
  return { ok: false, error: { ...result.error, message } };
}

function describeStatus(workspace: string, status: AccountingStatusView): string {
  const connection = status.connection;
  const head = connection
    ? `Accounting of workspace ${workspace}: ${connection.provider}, ${connection.state}${connection.brokenReason ? ` (${connection.brokenReason})` : ""}, VAT ${connection.vatRatePercent} %`
    : `Accounting of workspace ${workspace}: not connected (leadport accounting connect lexoffice --token …)`;
  const counts = Object.entries(status.counts)
    .map(([state, count]) => `${state} ${count}`)
    .join(", ");
  return `${head}\nDrafts: ${counts}\n${describeSyncs(status.syncs)}`;
}

function describeSyncs(syncs: readonly AccountingSyncView[]): string {
  return syncs
    .map((sync) => {
      const details = [
        sync.remoteQuoteId ? `quote ${sync.remoteQuoteId}` : null,
        sync.reason,
        sync.missingFields.length ? `missing: ${sync.missingFields.join(", ")}` : null,
        ...sync.reviewReasons,
      ].filter(Boolean);
      return `  ${sync.inquiryId}  ${sync.status.padEnd(12)} ${sync.quote?.title ?? ""}${details.length ? `\n      ${details.join("\n      ")}` : ""}\n`;
    })
    .join("");
}
