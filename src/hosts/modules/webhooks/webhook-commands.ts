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
import { toDeliveryView, toWebhookView, type ListDeliveriesInput } from "../../../application/webhooks/webhook-schemas.js";
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

/** `leadport webhooks add|list|remove|enable|disable|test|deliveries|redeliver|deliver`. */
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
    .command("deliveries")
    .description("list a subscription's deliveries, newest first")
    .argument("<id>", "webhook id")
    .option("--status <status>", "pending, delivered or dead")
    .option("--limit <n>", "at most this many (default 50)")
    .option("--workspace <workspace>", "workspace name or id", "default")
    .option("--json", "print JSON")
    .action(async (id: string, options: { status?: string; limit?: string; workspace: string; json?: boolean }) =>
      inWorkspace(options.workspace, async (container, workspaceId) => {
        const query = { ...(options.status ? { status: options.status } : {}), ...(options.limit ? { limit: options.limit } : {}) } as ListDeliveriesInput;
        const deliveries = cli.orFail(await container.resolve(ListWebhookDeliveries).execute(workspaceId, id, query)).map(toDeliveryView);
        if (options.json) return json(deliveries);
        if (deliveries.length === 0) return cli.out("No deliveries.\n");
        for (const d of deliveries) {
          const answer = d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : d.lastResponse ? d.lastResponse.slice(0, 80) : "-";
          const next = d.nextAttemptAt ? `  next ${d.nextAttemptAt}` : "";
          cli.out(`${d.id}  ${d.status.padEnd(9)} ${d.eventType.padEnd(18)} attempts ${d.attempts}  ${answer}${next}\n`);
        }
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
