import { afterAll, describe, expect, it } from "vitest";
import { WEBHOOK_QUEUE, WEBHOOKS, type DeliveryListQuery } from "../../src/application/webhooks/webhook-store.js";
import { ok } from "../../src/domain/shared/result.js";
import type { WebhookDelivery } from "../../src/domain/webhook/delivery.js";
import { newSubscription, rotateSecret } from "../../src/domain/webhook/subscription.js";
import { postgresWebhookStorage } from "../../src/adapters/postgres/webhooks/postgres-webhook-storage.js";
import { featureStorageSubjects } from "../support/feature-storage-subjects.js";

const { subjects, cleanUp } = featureStorageSubjects({ postgres: postgresWebhookStorage });
afterAll(cleanUp);

const now = new Date("2026-11-25T09:00:00.000Z");

function delivery(workspaceId: string, subscriptionId: string, eventId: string, recordId: string, second: number, changes: Partial<WebhookDelivery> = {}): WebhookDelivery {
  const at = new Date(now.getTime() + second * 1000).toISOString();
  return {
    id: `d-${subscriptionId}-${eventId}`,
    workspaceId,
    subscriptionId,
    eventId,
    eventType: "inquiry.updated",
    recordId,
    customerId: null,
    position: `${at} ${eventId}`,
    body: `{"id":"${eventId}"}`,
    status: "pending",
    attempts: 0,
    nextAttemptAt: now.toISOString(),
    roundStartedAt: at,
    lastAttemptAt: null,
    lastStatusCode: null,
    lastResponse: null,
    deliveredAt: null,
    createdAt: at,
    ...changes,
  };
}

describe.each(subjects)("webhook storage on %s", (_name, subject) => {
  async function setup() {
    const { uow, a, b, close } = await subject();
    const subscription = (workspaceId: string, id: string, active = true) =>
      ({ ...newSubscription({ id, workspaceId, secret: "whsec_x", now }, { url: "https://crm.example.org/h", events: ["*"] }), active });
    return { close, uow, a, b, subscription };
  }

  it("keeps one delivery per subscription and event, within the workspace", async () => {
    const { close, uow, a, b, subscription } = await setup();
    try {
      await uow.run(a, async (tx) => {
        await tx.use(WEBHOOKS).subscriptions.insert(subscription(a, "s1"));
        return ok(undefined);
      });
      const inserted = await uow.run(a, async (tx) => {
        const deliveries = tx.use(WEBHOOKS).deliveries;
        return ok([await deliveries.insertOnce(delivery(a, "s1", "e1", "r1", 0)), await deliveries.insertOnce(delivery(a, "s1", "e1", "r1", 0, { id: "other" }))]);
      });
      expect(inserted.ok && inserted.value).toEqual([true, false]);

      const fromB = await uow.read(b, async (tx) => ok([await tx.use(WEBHOOKS).subscriptions.findById("s1"), await tx.use(WEBHOOKS).deliveries.list("s1", { limit: 10 })]));
      expect(fromB.ok && fromB.value).toEqual([null, []]);
      const fromA = await uow.read(a, async (tx) => ok(await tx.use(WEBHOOKS).deliveries.list("s1", { limit: 10 })));
      expect(fromA.ok && fromA.value.map((d) => d.eventId)).toEqual(["e1"]);
    } finally {
      await close();
    }
  });

  it("hands out due deliveries in event order, one per record at a time, of active subscriptions only", async () => {
    const { close, uow, a, b, subscription } = await setup();
    try {
      await uow.run(a, async (tx) => {
        const store = tx.use(WEBHOOKS);
        await store.subscriptions.insert(subscription(a, "s1"));
        await store.subscriptions.insert(subscription(a, "off", false));
        await store.deliveries.insertOnce(delivery(a, "s1", "e2", "r1", 2));
        await store.deliveries.insertOnce(delivery(a, "s1", "e1", "r1", 1));
        await store.deliveries.insertOnce(delivery(a, "s1", "e3", "r2", 3));
        await store.deliveries.insertOnce(delivery(a, "s1", "e4", "r3", 4, { nextAttemptAt: "2026-11-25T10:00:00.000Z" }));
        await store.deliveries.insertOnce(delivery(a, "s1", "e0", "r4", 0, { status: "dead" }));
        await store.deliveries.insertOnce(delivery(a, "s1", "e5", "r4", 5));
        await store.deliveries.insertOnce(delivery(a, "off", "e1", "r1", 1));
        return ok(undefined);
      });
      await uow.run(b, async (tx) => {
        await tx.use(WEBHOOKS).subscriptions.insert(subscription(b, "sb"));
        await tx.use(WEBHOOKS).deliveries.insertOnce(delivery(b, "sb", "e9", "r9", 9));
        return ok(undefined);
      });

      const due = async () => {
        const found = await uow.readSystem(async (tx) => ok(await tx.use(WEBHOOK_QUEUE).due(now.toISOString(), 10)));
        return found.ok ? found.value.map((d) => d.eventId) : [];
      };
      // e2 waits behind e1 (same record); e4 is not due yet; a dead delivery holds nothing back.
      expect(await due()).toEqual(["e1", "e3", "e5", "e9"]);

      await uow.run(a, async (tx) => {
        const deliveries = tx.use(WEBHOOKS).deliveries;
        const first = await deliveries.findById("s1", "d-s1-e1");
        await deliveries.update({ ...first!, status: "delivered" });
        return ok(undefined);
      });
      expect(await due()).toEqual(["e2", "e3", "e5", "e9"]);

      await uow.run(a, async (tx) => {
        await tx.use(WEBHOOKS).subscriptions.delete("s1");
        return ok(undefined);
      });
      expect(await due()).toEqual(["e9"]);
      await uow.run(b, async (tx) => {
        const deliveries = tx.use(WEBHOOKS).deliveries;
        await deliveries.update({ ...(await deliveries.findById("sb", "d-sb-e9"))!, status: "delivered", nextAttemptAt: "2026-11-25T08:00:00.000Z" });
        return ok(undefined);
      });
      const pruned = async (before: string) => {
        const found = await uow.runSystem(async (tx) => ok(await tx.use(WEBHOOK_QUEUE).pruneFinished(before, 10)));
        return found.ok && found.value;
      };
      expect(await pruned("2026-11-25T08:00:00.000Z")).toBe(0);
      expect(await pruned("2026-11-25T08:00:00.001Z")).toBe(1);
      const left = await uow.read(a, async (tx) => ok(await tx.use(WEBHOOKS).deliveries.list("s1", { limit: 10 })));
      expect(left.ok && left.value).toEqual([]);
    } finally {
      await close();
    }
  });

  it("removes every delivery that carries a customer's data, in its workspace only", async () => {
    const { close, uow, a, b, subscription } = await setup();
    try {
      for (const workspaceId of [a, b]) {
        await uow.run(workspaceId, async (tx) => {
          const store = tx.use(WEBHOOKS);
          await store.subscriptions.insert(subscription(workspaceId, `s-${workspaceId}`));
          await store.deliveries.insertOnce(delivery(workspaceId, `s-${workspaceId}`, "e1", "r1", 1, { customerId: "c1" }));
          await store.deliveries.insertOnce(delivery(workspaceId, `s-${workspaceId}`, "e2", "r2", 2, { customerId: "c2" }));
          return ok(undefined);
        });
      }
      const removed = await uow.run(a, async (tx) => ok(await tx.use(WEBHOOKS).deliveries.deleteForCustomer("c1")));
      expect(removed.ok && removed.value).toBe(1);
      const left = async (workspaceId: string) => {
        const found = await uow.read(workspaceId, async (tx) => ok(await tx.use(WEBHOOKS).deliveries.list(`s-${workspaceId}`, { limit: 10 })));
        return found.ok ? found.value.map((d) => d.eventId) : [];
      };
      expect(await left(a)).toEqual(["e2"]);
      expect(await left(b)).toEqual(["e2", "e1"]);
    } finally {
      await close();
    }
  });

  it("lists a subscription's deliveries newest first, by status", async () => {
    const { close, uow, a, subscription } = await setup();
    try {
      await uow.run(a, async (tx) => {
        const store = tx.use(WEBHOOKS);
        await store.subscriptions.insert(subscription(a, "s1"));
        await store.deliveries.insertOnce(delivery(a, "s1", "e1", "r1", 1, { status: "delivered" }));
        await store.deliveries.insertOnce(delivery(a, "s1", "e2", "r1", 2, { status: "dead" }));
        await store.deliveries.insertOnce(delivery(a, "s1", "e3", "r1", 3, { status: "delivered" }));
        return ok(undefined);
      });
      const listed = await uow.read(a, async (tx) => {
        const deliveries = tx.use(WEBHOOKS).deliveries;
        return ok([(await deliveries.list("s1", { limit: 10 })).map((d) => d.eventId), (await deliveries.list("s1", { status: "delivered", limit: 1 })).map((d) => d.eventId)]);
      });
      expect(listed.ok && listed.value).toEqual([["e3", "e2", "e1"], ["e3"]]);
    } finally {
      await close();
    }
  });

  it("keeps a rotated secret with the previous one and its expiry, and forgets the previous one when told", async () => {
    const { close, uow, a, subscription } = await setup();
    try {
      const rotated = rotateSecret(subscription(a, "s1"), "whsec_new", now, 24 * 3_600_000);
      const stored = await uow.run(a, async (tx) => {
        const subscriptions = tx.use(WEBHOOKS).subscriptions;
        await subscriptions.insert(subscription(a, "s1"));
        await subscriptions.update(rotated);
        return ok([await subscriptions.findById("s1"), await subscriptions.list()]);
      });
      expect(stored.ok && stored.value).toEqual([rotated, [rotated]]);
      expect(rotated).toMatchObject({ secret: "whsec_new", previousSecret: "whsec_x", previousSecretExpiresAt: "2026-11-26T09:00:00.000Z" });

      const again = rotateSecret(rotated, "whsec_newer", now, 0);
      const reread = await uow.run(a, async (tx) => {
        await tx.use(WEBHOOKS).subscriptions.update(again);
        return ok(await tx.use(WEBHOOKS).subscriptions.findById("s1"));
      });
      expect(reread.ok && reread.value).toMatchObject({ secret: "whsec_newer", previousSecret: null, previousSecretExpiresAt: null });
    } finally {
      await close();
    }
  });

  it("pages deliveries newest first with a keyset that is stable for events of the same instant", async () => {
    const { close, uow, a, subscription } = await setup();
    try {
      await uow.run(a, async (tx) => {
        const store = tx.use(WEBHOOKS);
        await store.subscriptions.insert(subscription(a, "s1"));
        // e2..e4 happened in the same second: the event id orders them. e5 and e6 share even the
        // position (as a stored record never does, but the keyset must not lose one): the id decides.
        for (const [eventId, second] of [["e1", 1], ["e3", 2], ["e2", 2], ["e4", 2], ["e7", 3]] as const) {
          await store.deliveries.insertOnce(delivery(a, "s1", eventId, "r1", second, { status: eventId === "e3" ? "dead" : "delivered" }));
        }
        for (const eventId of ["e6", "e5"]) {
          await store.deliveries.insertOnce(delivery(a, "s1", eventId, "r1", 0, { position: "2026-11-25T09:00:02.000Z e9", status: "delivered" }));
        }
        return ok(undefined);
      });
      const pages = async (query: Omit<DeliveryListQuery, "after">) => {
        const found = await uow.read(a, async (tx) => {
          const deliveries = tx.use(WEBHOOKS).deliveries;
          const seen: string[][] = [];
          let after: DeliveryListQuery["after"] = null;
          for (;;) {
            const page = await deliveries.list("s1", { ...query, after });
            if (page.length === 0) return ok(seen);
            seen.push(page.map((d) => d.eventId));
            const last = page[page.length - 1]!;
            after = { position: last.position, id: last.id };
          }
        });
        return found.ok ? found.value : [];
      };
      expect(await pages({ limit: 2 })).toEqual([["e7", "e6"], ["e5", "e4"], ["e3", "e2"], ["e1"]]);
      expect(await pages({ limit: 3, status: "delivered" })).toEqual([["e7", "e6", "e5"], ["e4", "e2", "e1"]]);
    } finally {
      await close();
    }
  });
});
