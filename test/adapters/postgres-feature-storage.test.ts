import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { accountingPostgresStorage } from "../../src/adapters/postgres/accounting/accounting-storage.js";
import { PostgresDatabase } from "../../src/adapters/postgres/postgres-database.js";
import { PostgresUnitOfWork } from "../../src/adapters/postgres/postgres-unit-of-work.js";
import { postgresSurveyStorage } from "../../src/adapters/postgres/surveys/postgres-survey-storage.js";
import { postgresWebhookStorage } from "../../src/adapters/postgres/webhooks/postgres-webhook-storage.js";
import type { Clock } from "../../src/application/ports/clock.js";
import type { IdGenerator } from "../../src/application/ports/ids.js";
import { SendDueSurveyMails } from "../../src/application/surveys/send-due-survey-mails.js";
import { SURVEYS } from "../../src/application/surveys/survey-store.js";
import { DeliverDueWebhooks } from "../../src/application/webhooks/deliver-due-webhooks.js";
import type { WebhookSettings } from "../../src/application/webhooks/webhook-settings.js";
import { WEBHOOKS } from "../../src/application/webhooks/webhook-store.js";
import type { WebhookRequest } from "../../src/application/webhooks/webhook-transport.js";
import { ok } from "../../src/domain/shared/result.js";
import type { Dispatch, Invitation } from "../../src/domain/survey/invitation.js";
import { deliveryPosition, type WebhookDelivery } from "../../src/domain/webhook/delivery.js";
import { newSubscription } from "../../src/domain/webhook/subscription.js";
import type { Workspace } from "../../src/domain/workspace/workspace.js";
import { validSurvey } from "../surveys/survey-fixtures.js";
import { aWorkspace } from "../support/fixtures.js";
import { POSTGRES_TEST_URL, postgresTestDatabase } from "../support/postgres.js";

/*
 * What the contract suites cannot show: several server instances on one database. Each
 * "instance" is a database pool and unit of work of its own on the test's schema, running the
 * real use cases at the same time.
 */
const FEATURES = [postgresSurveyStorage, postgresWebhookStorage, accountingPostgresStorage];

let opened: ReturnType<typeof postgresTestDatabase>;
let workspace: Workspace;

beforeAll(async () => {
  opened = postgresTestDatabase({ features: FEATURES.map(({ feature, migrations }) => ({ feature, migrations })) });
  await opened.database.migrate();
});

afterAll(async () => {
  await opened.drop();
});

beforeEach(async () => {
  await opened.database.transaction(async (sql) => {
    const tables = await sql.rows<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename NOT IN ('schema_migrations', 'feature_migrations')",
      [opened.schema],
    );
    await sql.exec(`TRUNCATE ${tables.map((table) => table.tablename).join(", ")}`);
  });
  workspace = aWorkspace("mine");
  await new PostgresUnitOfWork(opened.database).runSystem(async (tx) => ok(await tx.workspaces.insert(workspace)));
});

/** Two instances on the test's schema; closed after the work. */
async function withTwoInstances(work: (instances: Array<{ uow: PostgresUnitOfWork; name: string }>) => Promise<void>): Promise<void> {
  const databases = [0, 1].map(() => new PostgresDatabase({ url: POSTGRES_TEST_URL, schema: opened.schema, poolSize: 3, migrate: false }));
  try {
    await work(databases.map((database, i) => ({ uow: new PostgresUnitOfWork(database, { features: FEATURES }), name: `i${i}` })));
  } finally {
    await Promise.all(databases.map((database) => database.close()));
  }
}

const fixedClock = (at: Date): Clock => ({ now: () => at });
const counter = (prefix: string): IdGenerator => {
  let n = 0;
  return { newId: () => `${prefix}-${String(++n).padStart(6, "0")}` };
};
/** A moment for the other instance to get a turn between statements. */
const jitter = () => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 3));

describe("PostgreSQL feature storage", () => {
  it("records each feature's history under its own name, once however many instances start", async () => {
    await withTwoInstances(async () => {
      const again = new PostgresDatabase({ url: POSTGRES_TEST_URL, schema: opened.schema, features: FEATURES.map(({ feature, migrations }) => ({ feature, migrations })) });
      try {
        expect((await again.migrate()).features).toEqual([]);
      } finally {
        await again.close();
      }
    });
    const history = await opened.database.transaction((sql) => sql.rows<{ feature: string; version: number }>("SELECT feature, version FROM feature_migrations ORDER BY feature, version"));
    expect(history).toEqual([
      { feature: "accounting", version: 1 },
      { feature: "surveys", version: 1 },
      { feature: "webhooks", version: 1 },
      { feature: "webhooks", version: 2 },
    ]);
  });

  describe("survey mails", () => {
    const NOW = new Date("2026-05-01T10:10:00.000Z");
    const COUNT = 40;

    it("sends each due invitation once when the ticks of two instances run at the same time", async () => {
      const survey = validSurvey({ id: "survey-1", workspaceId: workspace.id, now: new Date("2026-05-01T09:00:00.000Z") }, { title: "Umfrage", language: "de" });
      const dispatch: Dispatch = {
        id: "dispatch-1",
        workspaceId: workspace.id,
        surveyId: survey.id,
        mode: "personal",
        source: { kind: "trigger", triggerId: "trigger-1", event: "ticket.closed", recordId: "ticket-1", eventId: "event-1" },
        closesAt: "2026-06-01T10:00:00.000Z",
        closedAt: null,
        createdAt: "2026-05-01T09:00:00.000Z",
      };
      const invitation = (i: number): Invitation => ({
        id: `invitation-${String(i).padStart(3, "0")}`,
        workspaceId: workspace.id,
        surveyId: survey.id,
        dispatchId: dispatch.id,
        token: `token-${i}-abcdefghijklmnopqrstuv`,
        participant: { email: `person.${i}@example.org`, name: `Person ${i}`, customerId: null, variables: {} },
        status: "scheduled",
        sendAt: "2026-05-01T10:05:00.000Z",
        sentAt: null,
        remindersSent: 0,
        nextReminderAt: null,
        respondedAt: null,
        lastSurveyedAt: null,
        eligibleFrom: null,
        mailMessageIds: [],
        createdAt: "2026-05-01T09:00:00.000Z",
      });
      const setUp = new PostgresUnitOfWork(opened.database, { features: FEATURES });
      await setUp.run(workspace.id, async (tx) => {
        const store = tx.use(SURVEYS);
        await store.surveys.insert(survey);
        await store.dispatches.insert(dispatch);
        for (let i = 0; i < COUNT; i++) await store.invitations.insert(invitation(i));
        return ok(null);
      });

      await withTwoInstances(async (instances) => {
        const settings = { publicUrl: "https://crm.example.org", messageIdDomain: "example.org", maxParticipantsPerRequest: 100, tickBatchSize: 7 };
        const ticks = instances.map(({ uow, name }) => new SendDueSurveyMails(uow, fixedClock(NOW), counter(name), settings).execute());
        const reports = await Promise.all(ticks);
        expect(reports.reduce((sum, report) => sum + (report.ok ? report.value.invited : 0), 0)).toBe(COUNT);
      });

      const mails = await opened.database.transaction((sql) =>
        sql.rows<{ aggregate_id: string; n: string }>("SELECT aggregate_id, count(*) AS n FROM outbox WHERE type = 'SurveyMailRequested' GROUP BY aggregate_id"),
      );
      expect(mails).toHaveLength(COUNT);
      expect(mails.filter((mail) => mail.n !== "1")).toEqual([]);
      const sent = await setUp.read(workspace.id, async (tx) => ok(await tx.use(SURVEYS).invitations.listByDispatch(dispatch.id)));
      expect(sent.ok && sent.value.map((i) => [i.id, i.status, i.mailMessageIds.length])).toEqual(Array.from({ length: COUNT }, (_, i) => [invitation(i).id, "sent", 1]));
    });
  });

  describe("webhook deliveries", () => {
    const NOW = new Date("2026-11-25T09:00:00.000Z");
    const RECORDS = 12;
    const EVENTS_PER_RECORD = 4;

    const delivery = (n: number): WebhookDelivery => {
      const at = new Date(NOW.getTime() - 60_000 + n * 1000).toISOString();
      const eventId = `e${String(n).padStart(3, "0")}`;
      return {
        id: `d-${eventId}`,
        workspaceId: workspace.id,
        subscriptionId: "s1",
        eventId,
        eventType: "inquiry.updated",
        recordId: `r${n % RECORDS}`,
        customerId: null,
        position: deliveryPosition(at, eventId),
        body: `{"id":"${eventId}"}`,
        status: "pending",
        attempts: 0,
        nextAttemptAt: at,
        roundStartedAt: at,
        lastAttemptAt: null,
        lastStatusCode: null,
        lastResponse: null,
        deliveredAt: null,
        createdAt: at,
      };
    };

    it("sends each delivery once, a record's events in order, when the workers of two instances run at the same time", async () => {
      const setUp = new PostgresUnitOfWork(opened.database, { features: FEATURES });
      const total = RECORDS * EVENTS_PER_RECORD;
      await setUp.run(workspace.id, async (tx) => {
        const store = tx.use(WEBHOOKS);
        await store.subscriptions.insert(newSubscription({ id: "s1", workspaceId: workspace.id, secret: "whsec_x", now: NOW }, { url: "https://crm.example.org/h", events: ["*"] }));
        for (let n = 0; n < total; n++) await store.deliveries.insertOnce(delivery(n));
        return ok(null);
      });

      const sends: Array<{ instance: string; eventId: string }> = [];
      await withTwoInstances(async (instances) => {
        const settings: WebhookSettings = {
          retry: { baseDelayMs: 30_000, maxDelayMs: 3_600_000, windowMs: 86_400_000 },
          disableAfterMs: 86_400_000,
          leaseMs: 60_000,
          batchSize: 5,
          targets: { allowPrivate: true },
          keepFinishedMs: 86_400_000,
        };
        const worker = ({ uow, name }: { uow: PostgresUnitOfWork; name: string }) =>
          new DeliverDueWebhooks(
            uow,
            fixedClock(NOW),
            counter(name),
            { yield: jitter },
            { publicUrl: "https://crm.example.org", messageIdDomain: "example.org", linkTtlDays: 30 },
            {
              send: async (request: WebhookRequest) => {
                sends.push({ instance: name, eventId: request.eventId });
                await jitter();
                return { kind: "answered", statusCode: 204, body: "", retryAfterMs: null };
              },
            },
            { next: () => 0.5 },
            settings,
          );
        const workers = instances.map(worker);
        await Promise.all(workers.map((w) => w.execute()));
        // One instance may stop while the other still held the last leases; a last pass finds what it freed.
        await workers[0]!.execute();
      });

      expect(new Set(sends.map((send) => send.instance))).toEqual(new Set(["i0", "i1"]));
      const eventIds = sends.map((send) => send.eventId);
      expect(new Set(eventIds).size).toBe(total);
      expect(eventIds).toHaveLength(total);
      for (let record = 0; record < RECORDS; record++) {
        const ofRecord = eventIds.filter((eventId) => Number(eventId.slice(1)) % RECORDS === record);
        expect(ofRecord).toEqual([...ofRecord].sort());
      }
      const left = await setUp.read(workspace.id, async (tx) => ok(await tx.use(WEBHOOKS).deliveries.list("s1", { status: "pending", limit: 100 })));
      expect(left.ok && left.value).toEqual([]);
    });

    it("stores a delivery once when two instances fan out the same event at the same time", async () => {
      await new PostgresUnitOfWork(opened.database, { features: FEATURES }).run(workspace.id, async (tx) =>
        ok(await tx.use(WEBHOOKS).subscriptions.insert(newSubscription({ id: "s1", workspaceId: workspace.id, secret: "whsec_x", now: NOW }, { url: "https://crm.example.org/h", events: ["*"] }))),
      );
      await withTwoInstances(async (instances) => {
        const stored = await Promise.all(
          instances.map(({ uow, name }) =>
            uow.run(workspace.id, async (tx) => {
              const inserted = await tx.use(WEBHOOKS).deliveries.insertOnce({ ...delivery(1), id: `d-${name}` });
              await jitter();
              return ok(inserted);
            }),
          ),
        );
        expect(stored.map((result) => result.ok && result.value).sort()).toEqual([false, true]);
      });
    });
  });
});
