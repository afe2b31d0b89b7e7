import { CreateWebhook } from "../../application/webhooks/create-webhook.js";
import { DeleteWebhook } from "../../application/webhooks/delete-webhook.js";
import { DeliverDueWebhooks } from "../../application/webhooks/deliver-due-webhooks.js";
import { EnqueueWebhookDeliveries } from "../../application/webhooks/enqueue-webhook-deliveries.js";
import { webhookPersonalData } from "../../application/webhooks/webhook-personal-data.js";
import { PingWebhook } from "../../application/webhooks/ping-webhook.js";
import { PruneWebhookDeliveries } from "../../application/webhooks/prune-webhook-deliveries.js";
import { RedeliverWebhookDelivery } from "../../application/webhooks/redeliver-webhook.js";
import { UpdateWebhook } from "../../application/webhooks/update-webhook.js";
import { GetWebhook } from "../../application/webhooks/get-webhook.js";
import { ListWebhookDeliveries } from "../../application/webhooks/list-webhook-deliveries.js";
import { ListWebhooks } from "../../application/webhooks/list-webhooks.js";
import { RotateWebhookSecret } from "../../application/webhooks/rotate-webhook-secret.js";
import { WEBHOOK_TOKENS } from "../../application/webhooks/webhook-tokens.js";
import { webhookRouteDocs, webhookRoutes } from "../../adapters/http/webhooks/webhook-routes.js";
import { memoryWebhookStorage } from "../../adapters/memory/webhooks/memory-webhook-storage.js";
import { sqliteWebhookStorage } from "../../adapters/sqlite/webhooks/sqlite-webhook-storage.js";
import { postgresWebhookStorage } from "../../adapters/postgres/webhooks/postgres-webhook-storage.js";
import { PollingWorker } from "../../adapters/system/polling-worker.js";
import { HttpWebhookTransport, mathRandom } from "../../adapters/webhooks/http-webhook-transport.js";
import { PACKAGE_VERSION } from "../version.js";
import { defineModule } from "./feature-module.js";
import { readWebhookConfig, type WebhookConfig } from "./webhooks/webhook-config.js";
import { registerWebhookCommands } from "./webhooks/webhook-commands.js";
import { bindWebhookLibrary } from "./webhooks/webhook-library.js";

const CONFIG = Symbol.for("leadport.webhooks.Config");
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Outbound webhooks (docs/adr/0016-outbound-webhooks.md): subscriptions per workspace, one queued
 * delivery per matching event (from the outbox), and a worker that sends them signed, in order per
 * record, with retries over a day.
 */
export const webhooksModule = defineModule({
  name: "webhooks",
  storage: { sqlite: sqliteWebhookStorage, memory: memoryWebhookStorage, postgres: postgresWebhookStorage },
  register: (container, setup) => {
    const config = readWebhookConfig(setup.env);
    container.registerInstance(CONFIG, config);
    container.registerInstance(WEBHOOK_TOKENS.Settings, config.settings);
    container.registerInstance(WEBHOOK_TOKENS.Random, mathRandom);
    container.registerInstance(
      WEBHOOK_TOKENS.Transport,
      new HttpWebhookTransport({
        targets: config.settings.targets,
        timeoutMs: config.timeoutMs,
        maxResponseBytes: config.maxResponseBytes,
        userAgent: `Leadport-Webhooks/${PACKAGE_VERSION}`,
      }),
    );
  },
  outboxHandlers: (container) => [container.resolve(EnqueueWebhookDeliveries)],
  // Deliveries naming an erased person go with the erasure, in its transaction.
  personalData: () => webhookPersonalData,
  http: ({ container, useCases }) => ({
    routers: [
      webhookRoutes({
        authenticate: useCases.authenticate,
        createWebhook: container.resolve(CreateWebhook),
        updateWebhook: container.resolve(UpdateWebhook),
        deleteWebhook: container.resolve(DeleteWebhook),
        getWebhook: container.resolve(GetWebhook),
        listWebhooks: container.resolve(ListWebhooks),
        listDeliveries: container.resolve(ListWebhookDeliveries),
        redeliver: container.resolve(RedeliverWebhookDelivery),
        ping: container.resolve(PingWebhook),
        rotateSecret: container.resolve(RotateWebhookSecret),
      }),
    ],
    docs: webhookRouteDocs,
  }),
  cli: registerWebhookCommands,
  library: ({ container, workspaceId }) => ({ webhooks: bindWebhookLibrary(container, workspaceId) }),
  background: ({ container, logger }) => {
    const deliver = container.resolve(DeliverDueWebhooks);
    const prune = container.resolve(PruneWebhookDeliveries);
    let prunedAt = 0;
    const worker = new PollingWorker({
      pass: async (signal) => {
        await deliver.execute({
          signal,
          // Ids and the error only: a target URL may carry a token of the receiver, and the secret never leaves the request.
          onFailure: (failure) => (logger.warn ? logger.warn({ ...failure }, "webhook delivery failed") : logger.error({ ...failure }, "webhook delivery failed")),
        });
        if (Date.now() - prunedAt >= PRUNE_EVERY_MS && !signal.aborted) {
          prunedAt = Date.now();
          await prune.execute();
        }
      },
      intervalMs: container.resolve<WebhookConfig>(CONFIG).pollIntervalMs,
      onError: (error) => logger.error({ err: String(error) }, "webhook delivery pass failed"),
    });
    worker.start();
    return { stop: () => worker.stop() };
  },
});
