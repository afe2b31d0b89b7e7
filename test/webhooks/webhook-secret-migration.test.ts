import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { PostgresDatabase } from "../../src/adapters/postgres/postgres-database.js";
import { postgresWebhookStorage } from "../../src/adapters/postgres/webhooks/postgres-webhook-storage.js";
import { migrateFeatures } from "../../src/adapters/sqlite/feature-storage.js";
import { sqliteWebhookStorage } from "../../src/adapters/sqlite/webhooks/sqlite-webhook-storage.js";
import { toWebhookView, WebhookViewSchema } from "../../src/application/webhooks/webhook-schemas.js";
import type { WebhookSubscription } from "../../src/domain/webhook/subscription.js";
import { POSTGRES_TEST_URL, postgresTestDatabase } from "../support/postgres.js";

/** A subscription as version 1 stored it, before secrets could be rotated. */
const storedBeforeRotation = {
  id: "s1",
  workspaceId: "w1",
  url: "https://crm.example.org/hooks",
  events: ["*"],
  fields: null,
  description: null,
  active: true,
  disabledReason: null,
  secret: "whsec_old",
  failingSince: null,
  createdAt: "2026-11-25T09:00:00.000Z",
  updatedAt: "2026-11-25T09:00:00.000Z",
};

function expectUpgraded(subscription: WebhookSubscription) {
  expect(subscription).toEqual({ ...storedBeforeRotation, previousSecret: null, previousSecretExpiresAt: null });
  expect(WebhookViewSchema.safeParse(toWebhookView(subscription)).success).toBe(true);
}

describe("the webhook secret rotation migration", () => {
  it("gives subscriptions stored in SQLite before it no previous secret", () => {
    const dir = mkdtempSync(join(tmpdir(), "leadport-webhook-migration-"));
    const db = new Database(join(dir, "leadport.db"));
    try {
      const [first] = sqliteWebhookStorage.migrations;
      migrateFeatures(db, [{ feature: "webhooks", migrations: [first!] }]);
      db.prepare("INSERT INTO webhook_subscriptions (id, workspace_id, active, created_at, data) VALUES (?, ?, 1, ?, ?)").run(
        "s1",
        "w1",
        storedBeforeRotation.createdAt,
        JSON.stringify(storedBeforeRotation),
      );
      expect(migrateFeatures(db, [{ feature: "webhooks", migrations: sqliteWebhookStorage.migrations }])).toEqual([{ feature: "webhooks", version: 2 }]);
      const row = db.prepare("SELECT data FROM webhook_subscriptions WHERE id = 's1'").get() as { data: string };
      expectUpgraded(JSON.parse(row.data) as WebhookSubscription);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives subscriptions stored in PostgreSQL before it no previous secret", async () => {
    const [first] = postgresWebhookStorage.migrations;
    const before = postgresTestDatabase({ features: [{ feature: "webhooks", migrations: [first!] }] });
    let after: PostgresDatabase | null = null;
    try {
      await before.database.transaction((sql) =>
        sql.exec("INSERT INTO webhook_subscriptions (id, workspace_id, active, created_at, data) VALUES ($1, $2, true, $3, $4)", [
          "s1",
          "w1",
          storedBeforeRotation.createdAt,
          JSON.stringify(storedBeforeRotation),
        ]),
      );
      after = new PostgresDatabase({
        url: POSTGRES_TEST_URL,
        schema: before.schema,
        features: [{ feature: "webhooks", migrations: postgresWebhookStorage.migrations }],
      });
      const stored = await after.transaction((sql) => sql.one<{ data: WebhookSubscription }>("SELECT data FROM webhook_subscriptions WHERE id = $1", ["s1"]));
      expectUpgraded(stored!.data);
    } finally {
      await after?.close();
      await before.drop();
    }
  });
});
