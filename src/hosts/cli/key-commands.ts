import type { Command } from "commander";
import { toApiKeyView } from "../../application/access/api-keys.js";
import { EXIT } from "./exit-codes.js";
import type { CliContext } from "./notification-commands.js";

/** `keys create|list|set-origins|revoke`. */
export function registerKeyCommands(program: Command, cli: CliContext): void {
  const keys = program.command("keys").description("create, list and revoke API keys");
  keys
    .command("create")
    .description("create an API key; the key is printed once, alone on the last line")
    .requiredOption("--name <name>", "what the key is for, e.g. 'website form'")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--publishable", "a key that may only submit the public inquiry form")
    .option("--origin <url...>", "allowed website origin(s) for a publishable key")
    .option("--thank-you-url <url>", "where a publishable key's plain HTML form redirects after a submission")
    .action(async (options: { name: string; workspace: string; publishable?: boolean; origin?: string[]; thankYouUrl?: string }) =>
      cli.withUseCases(async (useCases) => {
        if (options.origin && !options.publishable) cli.fail("--origin only applies to --publishable keys", EXIT.usage);
        if (options.thankYouUrl && !options.publishable) cli.fail("--thank-you-url only applies to --publishable keys", EXIT.usage);
        const id = await cli.workspaceId(useCases, options.workspace);
        const issued = cli.orFail(
          await useCases.createApiKey.execute(id, {
            name: options.name,
            kind: options.publishable ? "publishable" : "secret",
            allowedOrigins: options.origin ?? [],
            thankYouUrl: options.thankYouUrl,
          }),
        );
        cli.out(`Created ${issued.key.kind} key ${issued.key.id} "${issued.key.name}" for workspace ${options.workspace}.\n`);
        cli.out("It is shown only this once; store it now:\n");
        cli.out(`${issued.plainKey}\n`);
      }),
    );
  keys
    .command("list")
    .description("list API keys (never the keys themselves)")
    .option("--workspace <workspace>", "only this workspace (name or id)")
    .option("--json", "print JSON")
    .action(async (options: { workspace?: string; json?: boolean }) =>
      cli.withUseCases(async (useCases) => {
        const scope = options.workspace ? await cli.workspaceId(useCases, options.workspace) : null;
        const names = new Map(cli.orFail(await useCases.listWorkspaces.execute()).map((w) => [w.id, w.name]));
        const list = cli.orFail(await useCases.listApiKeys.execute(scope)).map((key) => ({ ...toApiKeyView(key), workspace: names.get(key.workspaceId) ?? key.workspaceId }));
        if (options.json) return cli.out(`${JSON.stringify(list, null, 2)}\n`);
        if (list.length === 0) return cli.out("No API keys.\n");
        for (const k of list) {
          const state = k.revokedAt ? `revoked ${k.revokedAt}` : "active";
          const origins = k.kind === "publishable" ? `  origins ${k.allowedOrigins.join(" ")}` : "";
          cli.out(`${k.id}  ${k.prefix}…  ${k.kind}  workspace ${k.workspace}  ${state}  "${k.name}"  last used ${k.lastUsedAt ?? "never"}${origins}\n`);
        }
      }),
    );
  keys
    .command("set-origins")
    .description("replace the website origins a publishable key may be used from")
    .argument("<id>", "key id as shown by 'keys list'")
    .argument("<origin...>", "one or more origins, e.g. https://www.example.de")
    .action(async (id: string, origins: string[]) =>
      cli.withUseCases(async (useCases) => {
        // An invalid origin is a usage error (EXIT_FOR_FAILURE); an unknown key is not.
        const key = cli.orFail(await useCases.setApiKeyOrigins.execute(id, origins));
        cli.out(`Key ${key.id} "${key.name}" may now be used from ${key.allowedOrigins.join(", ")}.\n`);
      }),
    );
  keys
    .command("revoke")
    .description("revoke an API key; it stops working with the next request")
    .argument("<id>", "key id as shown by 'keys list'")
    .action(async (id: string) =>
      cli.withUseCases(async (useCases) => {
        const key = cli.orFail(await useCases.revokeApiKey.execute(id));
        cli.out(`Revoked key ${key.id} "${key.name}".\n`);
      }),
    );
}
