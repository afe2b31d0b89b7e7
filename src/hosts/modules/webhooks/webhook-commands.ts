import type { Command } from "commander";
import type { DependencyContainer } from "tsyringe";
import { CreateWebhook } from "../../../application/webhooks/create-webhook.js";
import { DeleteWebhook } from "../../../application/webhooks/delete-webhook.js";
import { DeliverDueWebhooks } from "../../../application/webhooks/deliver-due-webhooks.js";
import { PingWebhook } from "../../../application/webhooks/ping-webhook.js";
import { RedeliverWebhookDelivery } from "../../../application/webhooks/redeliver-webhook.js";
import { UpdateWebhook } from "../../../application/webhooks/update-webhook.js";
import { ListWebhookDeliveries } from "../../../application/webhooks/list-webhook-deliveries.js";
import { ListWebhooks } from "../../../application/webhooks/list-webhooks.js";
import { RotateWebhookSecret } from "../../../application/webhooks/rotate-webhook-secret.js";
import { toDeliveryView, toWebhookView, type DeliveryView, type ListDeliveriesInput } from "../../../application/webhooks/webhook-schemas.js";
import type { WebhookSubscription } from "../../../domain/webhook/subscription.js";
import { EXIT } from "../../cli/exit-codes.js";
import type { CliModuleContext } from "../feature-module.js";

const list = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

function describe(subscription: WebhookSubscription): string {
  const state = subscription.active ? "active" : `off${subscription.disabledReason ? ` (${subscription.disabledReason})` : ""}`;
  const fields = subscription.fields ? ` fields: ${subscription.fields.join(",")}` : "";
  return `${subscription.id}  ${state}  ${subscription.url}  events: ${subscription.events.join(",")}${fields}`;
}

/** `leadport webhooks add|list|remove|enable|disable|test|rotate-secret|deliveries|redeliver|deliver`. */
export function registerWebhookCommands(program: Command, cli: CliModuleContext): void {
  const webhooks = program.command("webhooks").description("send events to other systems: subscriptions, deliveries, redelivery");
  const inWorkspace = <T>(workspace: string, work: (container: DependencyContainer, workspaceId: string) => Promise<T>) =>
    cli.withUseCases(async (useCases, container) => work(container, await cli.workspaceId(useCases, workspace)));
  const json = (value: unknown) => cli.out(`${JSON.stringify(value, null, 2)}\n`);

  webhooks
    .command("add")
    .description("subscribe a URL to events; prints the signing secret once")
    .argument("<url>", "https URL that receives the events")
    .requiredOption("--events <events>", "comma-separated event names or patterns, e.g. inquiry.created,inquiry.* or *")
    .option("--fields <fields>", "update events only when one of these fields changed, e.g. status")
    .option("--description <text>", "what the target is")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--json", "print JSON")
    .action(async (url: string, options: { events: string; fields?: string; description?: string; workspace: string; json?: boolean }) =>
      inWorkspace(options.workspace, async (container, workspaceId) => {
        const created = cli.orFail(
          await container.resolve(CreateWebhook).execute(workspaceId, {
            url,
            events: list(options.events),
            ...(options.fields !== undefined ? { fields: list(options.fields) } : {}),
            ...(options.description !== undefined ? { description: options.description } : {}),
          }),
        );
        if (options.json) return json({ ...toWebhookView(created), secret: created.secret });
        cli.out(`Added webhook ${describe(created)}\n`);
        cli.out(`Signing secret (shown only once): ${created.secret}\n`);
      }),
    );

  webhooks
    .command("list")
    .description("list the workspace's webhook subscriptions")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--json", "print JSON")
    .action(async (options: { workspace: string; json?: boolean }) =>
      inWorkspace(options.workspace, async (container, workspaceId) => {
        const subscriptions = cli.orFail(await container.resolve(ListWebhooks).execute(workspaceId));
        if (options.json) return json(subscriptions.map(toWebhookView));
        cli.out(subscriptions.length === 0 ? "No webhooks.\n" : `${subscriptions.map(describe).join("\n")}\n`);
      }),
    );

  webhooks
    .command("remove")
    .description("remove a subscription with its deliveries")
    .argument("<id>", "webhook id")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .action(async (id: string, options: { workspace: string }) =>
      inWorkspace(options.workspace, async (container, workspaceId) => {
        cli.orFail(await container.resolve(DeleteWebhook).execute(workspaceId, id));
        cli.out(`Removed webhook ${id}.\n`);
      }),
    );

  for (const [name, active] of [["enable", true], ["disable", false]] as const) {
    webhooks
      .command(name)
      .description(active ? "switch a subscription on again; pending deliveries are sent" : "switch a subscription off; nothing is sent or queued meanwhile")
      .argument("<id>", "webhook id")
      .option("--workspace <workspace>", "workspace name or id", "default")
      .action(async (id: string, options: { workspace: string }) =>
        inWorkspace(options.workspace, async (container, workspaceId) => {
          const changed = cli.orFail(await container.resolve(UpdateWebhook).execute(workspaceId, id, { active }));
          cli.out(`${describe(changed)}\n`);
        }),
      );
  }

  webhooks
    .command("test")
    .description("send a signed ping now and print the answer")
    .argument("<id>", "webhook id")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .action(async (id: string, options: { workspace: string }) =>
      inWorkspace(options.workspace, async (container, workspaceId) => {
        const answer = cli.orFail(await container.resolve(PingWebhook).execute(workspaceId, id));
        cli.out(`${answer.url} answered ${answer.statusCode ?? "nothing"}${answer.response ? `: ${answer.response}` : ""}\n`);
        if (!answer.ok) cli.fail(`the ping to ${answer.url} failed`, EXIT.failed);
      }),
    );

  webhooks
    .command("rotate-secret")
    .description("issue a new signing secret (printed once); the old one keeps signing during the grace period")
    .argument("<id>", "webhook id")
    .option("--grace-hours <n>", "how long the old secret signs too, 0–168 (default 24)")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--json", "print JSON")
    .action(async (id: string, options: { graceHours?: string; workspace: string; json?: boolean }) =>
      inWorkspace(options.workspace, async (container, workspaceId) => {
        const input = options.graceHours !== undefined ? { graceHours: Number(options.graceHours) } : {};
        const rotated = cli.orFail(await container.resolve(RotateWebhookSecret).execute(workspaceId, id, input));
        if (options.json) return json({ ...toWebhookView(rotated), secret: rotated.secret });
        cli.out(`New signing secret (shown only once): ${rotated.secret}\n`);
        cli.out(
          rotated.previousSecretExpiresAt
            ? `The previous secret signs too until ${rotated.previousSecretExpiresAt}; update the receiver before then.\n`
            : "The previous secret no longer signs.\n",
        );
      }),
    );

  webhooks
    .command("deliveries")
    .description("list a subscription's deliveries, newest first, a page at a time")
    .argument("<id>", "webhook id")
    .option("--status <status>", "pending, delivered or dead")
    .option("--limit <n>", "at most this many per page (default 50, max 200)")
    .option("--cursor <cursor>", "the next page: the cursor printed after the previous one")
    .option("--all", "every page, one after the other")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--json", "print JSON")
    .action(async (id: string, options: { status?: string; limit?: string; cursor?: string; all?: boolean; workspace: string; json?: boolean }) =>
      inWorkspace(options.workspace, async (container, workspaceId) => {
        const listing = container.resolve(ListWebhookDeliveries);
        const deliveries: DeliveryView[] = [];
        let cursor = options.cursor;
        let nextCursor: string | null;
        do {
          const query = {
            ...(options.status ? { status: options.status } : {}),
            ...(options.limit ? { limit: options.limit } : {}),
            ...(cursor ? { cursor } : {}),
          } as ListDeliveriesInput;
          const page = cli.orFail(await listing.execute(workspaceId, id, query));
          deliveries.push(...page.items.map(toDeliveryView));
          nextCursor = page.nextCursor;
          cursor = nextCursor ?? undefined;
        } while (options.all && nextCursor !== null);
        if (options.json) return json({ items: deliveries, nextCursor });
        if (deliveries.length === 0) return cli.out("No deliveries.\n");
        for (const d of deliveries) {
          const answer = d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : d.lastResponse ? d.lastResponse.slice(0, 80) : "-";
          const next = d.nextAttemptAt ? `  next ${d.nextAttemptAt}` : "";
          cli.out(`${d.id}  ${d.status.padEnd(9)} ${d.eventType.padEnd(18)} attempts ${d.attempts}  ${answer}${next}\n`);
        }
        if (nextCursor) cli.out(`More deliveries: --cursor ${nextCursor} (or --all)\n`);
      }),
    );

  webhooks
    .command("redeliver")
    .description("send a delivery again (a dead letter, or one the receiver lost)")
    .argument("<id>", "webhook id")
    .argument("<delivery>", "delivery id")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .action(async (id: string, deliveryId: string, options: { workspace: string }) =>
      inWorkspace(options.workspace, async (container, workspaceId) => {
        const again = cli.orFail(await container.resolve(RedeliverWebhookDelivery).execute(workspaceId, id, deliveryId));
        cli.out(`Delivery ${again.id} is queued again; the server sends it within moments (or run: leadport webhooks deliver).\n`);
      }),
    );

  webhooks
    .command("deliver")
    .description("send every due delivery now (the server does this continuously)")
    .action(async () =>
      cli.withUseCases(async (_useCases, container) => {
        const report = cli.orFail(await container.resolve(DeliverDueWebhooks).execute());
        cli.out(`Delivered ${report.delivered}, retrying ${report.retrying}, dead ${report.dead}, subscriptions switched off ${report.disabled}.\n`);
      }),
    );
}
