import type { DeliveryKey, WebhookDeliveryQueue, WebhookRepositories } from "../../../application/webhooks/webhook-store.js";
import { WEBHOOK_QUEUE, WEBHOOKS } from "../../../application/webhooks/webhook-store.js";
import type { WebhookDelivery } from "../../../domain/webhook/delivery.js";
import type { WebhookSubscription } from "../../../domain/webhook/subscription.js";
import { memoryFeatureStorage, memorySystemStore, memoryWorkspaceStore } from "../feature-storage.js";

interface WebhookState {
  subscriptions: WebhookSubscription[];
  deliveries: WebhookDelivery[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byPosition = (a: WebhookDelivery, b: WebhookDelivery) => compare(a.position, b.position);
const newestFirst = (a: DeliveryKey, b: DeliveryKey) => compare(b.position, a.position) || compare(b.id, a.id);

function replace<T extends { id: string; workspaceId: string }>(items: T[], next: T): void {
  const index = items.findIndex((item) => item.id === next.id && item.workspaceId === next.workspaceId);
  if (index >= 0) items[index] = next;
}

function webhookRepositories(state: () => WebhookState, workspaceId: string): WebhookRepositories {
  const own = <T extends { workspaceId: string }>(item: T) => item.workspaceId === workspaceId;
  return {
    subscriptions: {
      insert: async (subscription) => void state().subscriptions.push({ ...subscription, workspaceId }),
      update: async (subscription) => replace(state().subscriptions, { ...subscription, workspaceId }),
      delete: async (id) => {
        const current = state();
        current.deliveries = current.deliveries.filter((delivery) => !(own(delivery) && delivery.subscriptionId === id));
        current.subscriptions = current.subscriptions.filter((subscription) => !(own(subscription) && subscription.id === id));
      },
      findById: async (id) => state().subscriptions.find((subscription) => own(subscription) && subscription.id === id) ?? null,
      list: async () =>
        state()
          .subscriptions.filter(own)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
    },
    deliveries: {
      insertOnce: async (delivery) => {
        const deliveries = state().deliveries;
        if (deliveries.some((known) => known.subscriptionId === delivery.subscriptionId && known.eventId === delivery.eventId)) return false;
        deliveries.push({ ...delivery, workspaceId });
        return true;
      },
      update: async (delivery) => replace(state().deliveries, { ...delivery, workspaceId }),
      findById: async (subscriptionId, id) =>
        state().deliveries.find((delivery) => own(delivery) && delivery.subscriptionId === subscriptionId && delivery.id === id) ?? null,
      list: async (subscriptionId, query) => {
        const after = query.after;
        return state()
          .deliveries.filter((delivery) => own(delivery) && delivery.subscriptionId === subscriptionId && (!query.status || delivery.status === query.status))
          .filter((delivery) => !after || newestFirst(after, delivery) < 0)
          .sort(newestFirst)
          .slice(0, query.limit);
      },
      resumePending: async (subscriptionId, at) => {
        const current = state();
        let resumed = 0;
        current.deliveries = current.deliveries.map((delivery) => {
          if (!own(delivery) || delivery.subscriptionId !== subscriptionId || delivery.status !== "pending") return delivery;
          resumed += 1;
          return { ...delivery, nextAttemptAt: at, roundStartedAt: at };
        });
        return resumed;
      },
      deleteForCustomer: async (customerId) => {
        const current = state();
        const before = current.deliveries.length;
        current.deliveries = current.deliveries.filter((delivery) => !(own(delivery) && delivery.customerId === customerId));
        return before - current.deliveries.length;
      },
    },
  };
}

function deliveryQueue(state: () => WebhookState): WebhookDeliveryQueue {
  return {
    due: async (now, limit) => {
      const { subscriptions, deliveries } = state();
      const active = new Set(subscriptions.filter((subscription) => subscription.active).map((subscription) => subscription.id));
      const pending = deliveries.filter((delivery) => delivery.status === "pending").sort(byPosition);
      const blocked = new Set<string>();
      const due: WebhookDelivery[] = [];
      for (const delivery of pending) {
        // The first pending delivery of a record (per subscription) holds back the later ones.
        const lane = `${delivery.subscriptionId} ${delivery.recordId}`;
        if (blocked.has(lane)) continue;
        blocked.add(lane);
        if (active.has(delivery.subscriptionId) && delivery.nextAttemptAt <= now) due.push(delivery);
      }
      return due.slice(0, limit);
    },
    pruneFinished: async (before, limit) => {
      const current = state();
      const old = current.deliveries.filter((delivery) => delivery.status !== "pending" && delivery.nextAttemptAt < before).slice(0, limit);
      const gone = new Set(old.map((delivery) => delivery.id));
      current.deliveries = current.deliveries.filter((delivery) => !gone.has(delivery.id));
      return gone.size;
    },
  };
}

export const memoryWebhookStorage = memoryFeatureStorage<WebhookState>({
  feature: "webhooks",
  initialState: () => ({ subscriptions: [], deliveries: [] }),
  workspaceStores: [memoryWorkspaceStore<WebhookState, WebhookRepositories>(WEBHOOKS, webhookRepositories)],
  systemStores: [memorySystemStore<WebhookState, WebhookDeliveryQueue>(WEBHOOK_QUEUE, deliveryQueue)],
});
