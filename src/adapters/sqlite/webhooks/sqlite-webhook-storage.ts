import type { DeliveryListQuery, WebhookDeliveryQueue, WebhookRepositories } from "../../../application/webhooks/webhook-store.js";
import { WEBHOOK_QUEUE, WEBHOOKS } from "../../../application/webhooks/webhook-store.js";
import type { WebhookDelivery } from "../../../domain/webhook/delivery.js";
import type { WebhookSubscription } from "../../../domain/webhook/subscription.js";
import { sqliteSystemStore, sqliteWorkspaceStore, type SqliteFeatureStorage } from "../feature-storage.js";
import type { SqliteDatabase } from "../sqlite-database.js";

/**
 * The webhook feature's tables, with a migration history of its own. Records are JSON in `data`;
 * the columns beside it are what the queries filter and sort by: the due query (status, time, the
 * subscription's active flag) and the per-record order (subscription, record, position).
 */
const MIGRATIONS = [
  {
    version: 1,
    name: "webhook subscriptions and deliveries",
    sql: `
CREATE TABLE webhook_subscriptions (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX webhook_subscriptions_workspace ON webhook_subscriptions (workspace_id, created_at, id);
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  subscription_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  customer_id TEXT,
  position TEXT NOT NULL,
  status TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  data TEXT NOT NULL,
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
    // Rotation keeps the replaced secret and its expiry in the record; subscriptions stored before
    // get both as null, so every record has the same shape.
    sql: `
UPDATE webhook_subscriptions
   SET data = json_set(data, '$.previousSecret', NULL, '$.previousSecretExpiresAt', NULL)
 WHERE json_type(data, '$.previousSecret') IS NULL;
`,
  },
] as const;

const parseSubscription = (row: { data: string }) => JSON.parse(row.data) as WebhookSubscription;
const parseDelivery = (row: { data: string }) => JSON.parse(row.data) as WebhookDelivery;

function webhookRepositories(db: SqliteDatabase, workspaceId: string): WebhookRepositories {
  return {
    subscriptions: {
      insert: async (subscription) =>
        void db
          .statement("INSERT INTO webhook_subscriptions (id, workspace_id, active, created_at, data) VALUES (?, ?, ?, ?, ?)")
          .run(subscription.id, workspaceId, subscription.active ? 1 : 0, subscription.createdAt, JSON.stringify({ ...subscription, workspaceId })),
      update: async (subscription) =>
        void db
          .statement("UPDATE webhook_subscriptions SET active = ?, data = ? WHERE id = ? AND workspace_id = ?")
          .run(subscription.active ? 1 : 0, JSON.stringify({ ...subscription, workspaceId }), subscription.id, workspaceId),
      delete: async (id) => {
        db.statement("DELETE FROM webhook_deliveries WHERE subscription_id = ? AND workspace_id = ?").run(id, workspaceId);
        db.statement("DELETE FROM webhook_subscriptions WHERE id = ? AND workspace_id = ?").run(id, workspaceId);
      },
      findById: async (id) => {
        const row = db.statement("SELECT data FROM webhook_subscriptions WHERE id = ? AND workspace_id = ?").get(id, workspaceId) as { data: string } | undefined;
        return row ? parseSubscription(row) : null;
      },
      list: async () =>
        (db.statement("SELECT data FROM webhook_subscriptions WHERE workspace_id = ? ORDER BY created_at, id").all(workspaceId) as Array<{ data: string }>).map(
          parseSubscription,
        ),
    },
    deliveries: {
      insertOnce: async (delivery) =>
        db
          .statement(
            `INSERT INTO webhook_deliveries (id, workspace_id, subscription_id, event_id, record_id, customer_id, position, status, next_attempt_at, data)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (subscription_id, event_id) DO NOTHING`,
          )
          .run(
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
          ).changes === 1,
      update: async (delivery) =>
        void db
          .statement("UPDATE webhook_deliveries SET status = ?, next_attempt_at = ?, data = ? WHERE id = ? AND workspace_id = ?")
          .run(delivery.status, delivery.nextAttemptAt, JSON.stringify({ ...delivery, workspaceId }), delivery.id, workspaceId),
      findById: async (subscriptionId, id) => {
        const row = db
          .statement("SELECT data FROM webhook_deliveries WHERE id = ? AND subscription_id = ? AND workspace_id = ?")
          .get(id, subscriptionId, workspaceId) as { data: string } | undefined;
        return row ? parseDelivery(row) : null;
      },
      list: async (subscriptionId, query: DeliveryListQuery) =>
        (
          db
            .statement(
              `SELECT data FROM webhook_deliveries WHERE subscription_id = ? AND workspace_id = ? AND (? IS NULL OR status = ?)
                 AND (? IS NULL OR (position, id) < (?, ?))
               ORDER BY position DESC, id DESC LIMIT ?`,
            )
            .all(
              subscriptionId,
              workspaceId,
              query.status ?? null,
              query.status ?? null,
              query.after?.position ?? null,
              query.after?.position ?? null,
              query.after?.id ?? null,
              query.limit,
            ) as Array<{ data: string }>
        ).map(parseDelivery),
      resumePending: async (subscriptionId, at) =>
        db
          .statement(
            `UPDATE webhook_deliveries SET next_attempt_at = ?, data = json_set(data, '$.nextAttemptAt', ?, '$.roundStartedAt', ?)
             WHERE subscription_id = ? AND workspace_id = ? AND status = 'pending'`,
          )
          .run(at, at, at, subscriptionId, workspaceId).changes,
      deleteForCustomer: async (customerId) =>
        db.statement("DELETE FROM webhook_deliveries WHERE workspace_id = ? AND customer_id = ?").run(workspaceId, customerId).changes,
    },
  };
}

function deliveryQueue(db: SqliteDatabase): WebhookDeliveryQueue {
  return {
    due: async (now, limit) =>
      (
        db
          .statement(
            `SELECT d.data FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
             WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND s.active = 1
               AND NOT EXISTS (
                 SELECT 1 FROM webhook_deliveries e
                  WHERE e.subscription_id = d.subscription_id AND e.record_id = d.record_id AND e.status = 'pending' AND e.position < d.position)
             ORDER BY d.position LIMIT ?`,
          )
          .all(now, limit) as Array<{ data: string }>
      ).map(parseDelivery),
    // A finished delivery's next_attempt_at is the time of its last attempt (see recordAttempt).
    pruneFinished: async (before, limit) =>
      db
        .statement(
          `DELETE FROM webhook_deliveries WHERE id IN (
             SELECT id FROM webhook_deliveries WHERE status IN ('delivered', 'dead') AND next_attempt_at < ? LIMIT ?)`,
        )
        .run(before, limit).changes,
  };
}

export const sqliteWebhookStorage: SqliteFeatureStorage = {
  feature: "webhooks",
  migrations: MIGRATIONS,
  workspaceStores: [sqliteWorkspaceStore(WEBHOOKS, webhookRepositories)],
  systemStores: [sqliteSystemStore(WEBHOOK_QUEUE, deliveryQueue)],
};
