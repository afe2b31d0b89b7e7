import type { DeliveryListQuery, WebhookDeliveryQueue, WebhookRepositories } from "../../../application/webhooks/webhook-store.js";
import { WEBHOOK_QUEUE, WEBHOOKS } from "../../../application/webhooks/webhook-store.js";
import type { WebhookDelivery } from "../../../domain/webhook/delivery.js";
import type { WebhookSubscription } from "../../../domain/webhook/subscription.js";
import { postgresSystemStore, postgresWorkspaceStore, type PostgresFeatureStorage } from "../feature-storage.js";
import type { PostgresMigration } from "../migrations.js";
import type { Sql } from "../postgres-database.js";
import { rowLocks } from "../row-locks.js";

/*
 * The same tables as SQLite's webhooks history in their current shape. Records whole in `data`;
 * beside it the columns of the due query (status, time, the subscription's active flag) and of the
 * per-record order (subscription, record, position). No foreign keys to the core, like SQLite's:
 * customer ids are copied for erasure, not references.
 */
const MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: "webhook subscriptions and deliveries",
    sql: `
      CREATE TABLE webhook_subscriptions (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL,
        active boolean NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX webhook_subscriptions_workspace ON webhook_subscriptions (workspace_id, created_at, id);

      CREATE TABLE webhook_deliveries (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL,
        subscription_id text COLLATE "C" NOT NULL,
        event_id text COLLATE "C" NOT NULL,
        record_id text COLLATE "C" NOT NULL,
        customer_id text COLLATE "C",
        position text COLLATE "C" NOT NULL,
        status text COLLATE "C" NOT NULL,
        next_attempt_at text COLLATE "C" NOT NULL,
        data jsonb NOT NULL,
        UNIQUE (subscription_id, event_id)
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
      CREATE INDEX webhook_deliveries_record_order ON webhook_deliveries (subscription_id, record_id, status, position);
      CREATE INDEX webhook_deliveries_listing ON webhook_deliveries (subscription_id, status, position);
      CREATE INDEX webhook_deliveries_customer ON webhook_deliveries (workspace_id, customer_id);
    `,
  },
  {
    version: 2,
    name: "webhook secret rotation",
    // As SQLite's version 2: subscriptions stored before rotation existed get no previous secret.
    sql: `
      UPDATE webhook_subscriptions
         SET data = data || '{"previousSecret": null, "previousSecretExpiresAt": null}'::jsonb
       WHERE data -> 'previousSecret' IS NULL;
    `,
  },
];

function webhookRepositories(sql: Sql, workspaceId: string): WebhookRepositories {
  return {
    subscriptions: {
      insert: async (subscription) => {
        await sql.exec("INSERT INTO webhook_subscriptions (id, workspace_id, active, created_at, data) VALUES ($1, $2, $3, $4, $5)", [
          subscription.id,
          workspaceId,
          subscription.active,
          subscription.createdAt,
          JSON.stringify({ ...subscription, workspaceId }),
        ]);
      },
      update: async (subscription) => {
        await sql.exec("UPDATE webhook_subscriptions SET active = $1, data = $2 WHERE id = $3 AND workspace_id = $4", [
          subscription.active,
          JSON.stringify({ ...subscription, workspaceId }),
          subscription.id,
          workspaceId,
        ]);
      },
      delete: async (id) => {
        await sql.exec("DELETE FROM webhook_deliveries WHERE subscription_id = $1 AND workspace_id = $2", [id, workspaceId]);
        await sql.exec("DELETE FROM webhook_subscriptions WHERE id = $1 AND workspace_id = $2", [id, workspaceId]);
      },
      findById: (id) => sql.record<WebhookSubscription>("SELECT data FROM webhook_subscriptions WHERE id = $1 AND workspace_id = $2", [id, workspaceId]),
      list: () => sql.records<WebhookSubscription>("SELECT data FROM webhook_subscriptions WHERE workspace_id = $1 ORDER BY created_at, id", [workspaceId]),
    },
    deliveries: {
      // Insert-if-absent in one statement: two instances fanning out the same event store it once.
      insertOnce: async (delivery) =>
        (await sql.exec(
          `INSERT INTO webhook_deliveries (id, workspace_id, subscription_id, event_id, record_id, customer_id, position, status, next_attempt_at, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (subscription_id, event_id) DO NOTHING`,
          [
            delivery.id,
            workspaceId,
            delivery.subscriptionId,
            delivery.eventId,
            delivery.recordId,
            delivery.customerId,
            delivery.position,
            delivery.status,
            delivery.nextAttemptAt,
            JSON.stringify({ ...delivery, workspaceId }),
          ],
        )) === 1,
      update: async (delivery) => {
        await sql.exec("UPDATE webhook_deliveries SET status = $1, next_attempt_at = $2, data = $3 WHERE id = $4 AND workspace_id = $5", [
          delivery.status,
          delivery.nextAttemptAt,
          JSON.stringify({ ...delivery, workspaceId }),
          delivery.id,
          workspaceId,
        ]);
      },
      findById: (subscriptionId, id) =>
        sql.record<WebhookDelivery>("SELECT data FROM webhook_deliveries WHERE id = $1 AND subscription_id = $2 AND workspace_id = $3", [id, subscriptionId, workspaceId]),
      list: (subscriptionId, query: DeliveryListQuery) =>
        sql.records<WebhookDelivery>(
          `SELECT data FROM webhook_deliveries WHERE subscription_id = $1 AND workspace_id = $2 AND ($3::text IS NULL OR status = $3)
             AND ($5::text IS NULL OR (position, id) < ($5::text, $6::text))
           ORDER BY position DESC, id DESC LIMIT $4`,
          [subscriptionId, workspaceId, query.status ?? null, query.limit, query.after?.position ?? null, query.after?.id ?? null],
        ),
      resumePending: (subscriptionId, at) =>
        sql.exec(
          `UPDATE webhook_deliveries SET next_attempt_at = $1, data = data || jsonb_build_object('nextAttemptAt', $1::text, 'roundStartedAt', $1::text)
           WHERE subscription_id = $2 AND workspace_id = $3 AND status = 'pending'`,
          [at, subscriptionId, workspaceId],
        ),
      deleteForCustomer: (customerId) => sql.exec("DELETE FROM webhook_deliveries WHERE workspace_id = $1 AND customer_id = $2", [workspaceId, customerId]),
    },
  };
}

function deliveryQueue(sql: Sql): WebhookDeliveryQueue {
  const lockFor = rowLocks(sql);
  return {
    // The sender claims what this returns in the same transaction (it moves next_attempt_at past
    // a lease), so in a writing transaction the rows are locked, and rows another instance is
    // claiming right now are skipped rather than waited for: two instances never send the same
    // delivery. The claimed delivery stays pending during its lease, so a later event of the same
    // record still waits behind it (the NOT EXISTS), on the other instance too.
    due: async (now, limit) =>
      sql.records<WebhookDelivery>(
        `SELECT d.data FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND s.active
           AND NOT EXISTS (
             SELECT 1 FROM webhook_deliveries e
              WHERE e.subscription_id = d.subscription_id AND e.record_id = d.record_id AND e.status = 'pending' AND e.position < d.position)
         ORDER BY d.position LIMIT $2 ${await lockFor("FOR UPDATE OF d SKIP LOCKED")}`,
        [now, limit],
      ),
    // A finished delivery's next_attempt_at is the time of its last attempt (see recordAttempt).
    // Rows another instance is pruning at the same moment are left to it.
    pruneFinished: (before, limit) =>
      sql.exec(
        `DELETE FROM webhook_deliveries WHERE id IN (
           SELECT id FROM webhook_deliveries WHERE status IN ('delivered', 'dead') AND next_attempt_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [before, limit],
      ),
  };
}

export const postgresWebhookStorage: PostgresFeatureStorage = {
  feature: "webhooks",
  migrations: MIGRATIONS,
  workspaceStores: [postgresWorkspaceStore(WEBHOOKS, webhookRepositories)],
  systemStores: [postgresSystemStore(WEBHOOK_QUEUE, deliveryQueue)],
};
