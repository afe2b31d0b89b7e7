import type { Command } from "commander";
import { toApiKeyRateView, type ApiKeyRateView } from "../../application/workspaces/api-key-rate-settings.js";
import { GetApiKeyRate } from "../../application/workspaces/get-api-key-rate.js";
import { SetApiKeyRate } from "../../application/workspaces/set-api-key-rate.js";
import type { CliModuleContext } from "../modules/feature-module.js";
import { EXIT } from "./exit-codes.js";

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Where the workspace follows the server, the line says so rather than guess the server's environment. */
const describe = (workspace: string, view: ApiKeyRateView) =>
  `API rate limit per key of workspace ${workspace}: ${view.perKey ?? "the server default (LEADPORT_API_RATE_PER_KEY)"}\n`;

/** `workspaces rate-limit` and `workspaces set-rate-limit`. */
export function registerRateLimitCommands(program: Command, cli: CliModuleContext): void {
  const workspaces = program.commands.find((command) => command.name() === "workspaces");
  if (!workspaces) return;

  workspaces
    .command("rate-limit")
    .description("show a workspace's API rate limit per secret key")
    .argument("[workspace]", "workspace name or id", "default")
    .option("--json", "print JSON")
    .action(async (workspace: string, options: { json?: boolean }) =>
      cli.withUseCases(async (useCases, container) => {
        const view = toApiKeyRateView(cli.orFail(await container.resolve(GetApiKeyRate).execute(await cli.workspaceId(useCases, workspace))));
        cli.out(options.json ? json(view) : describe(workspace, view));
      }),
    );

  workspaces
    .command("set-rate-limit")
    .description("set a workspace's API rate limit per secret key; a running server applies it within seconds")
    .argument("<workspace>", "workspace name or id")
    .argument("<rate>", "COUNT/PERIOD such as 6000/m, 50/s or 5000/h (1 to 100000 per 1 s to 24 h), or 'default' for the server's figure")
    .option("--json", "print JSON")
    .action(async (workspace: string, rate: string, options: { json?: boolean }) =>
      cli.withUseCases(async (useCases, container) => {
        const perKey = rate.trim().toLowerCase() === "default" ? null : rate;
        const result = await container.resolve(SetApiKeyRate).execute(await cli.workspaceId(useCases, workspace), { perKey });
        // The figure is the command line's argument, so a bad one is bad usage and says which argument.
        if (!result.ok && result.error.code === "validation_failed") {
          cli.fail(`<rate> ${result.error.issues?.map((issue) => issue.message).join("; ") ?? result.error.message}, got "${rate}"`, EXIT.usage);
        }
        const view = toApiKeyRateView(cli.orFail(result));
        cli.out(options.json ? json(view) : describe(workspace, view));
      }),
    );
}
