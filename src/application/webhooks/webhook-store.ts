import type { DeliveryStatus, WebhookDelivery } from "../../domain/webhook/delivery.js";
import type { WebhookSubscription } from "../../domain/webhook/subscription.js";
import { featureStore } from "../ports/feature-store.js";

/** A workspace's subscriptions; bound to the workspace like every repository in a transaction. */
export interface WebhookSubscriptionRepository {
  insert(subscription: WebhookSubscription): Promise<void>;
  update(subscription: WebhookSubscription): Promise<void>;
  /** Removes the subscription and its deliveries. */
  delete(id: string): Promise<void>;
  findById(id: string): Promise<WebhookSubscription | null>;
  /** Oldest first. */
  list(): Promise<readonly WebhookSubscription[]>;
}

/** Where a page of deliveries ends: the last delivery's position and id. */
export interface DeliveryKey {
  readonly position: string;
  readonly id: string;
}

export interface DeliveryListQuery {
  readonly status?: DeliveryStatus;
  readonly limit: number;
  /** Only deliveries after this one in the listing's order: the next page. */
  readonly after?: DeliveryKey | null;
}

export interface WebhookDeliveryRepository {
  /** Stores it unless the subscription already has a delivery of the same event; returns whether it was stored. */
  insertOnce(delivery: WebhookDelivery): Promise<boolean>;
  update(delivery: WebhookDelivery): Promise<void>;
  findById(subscriptionId: string, id: string): Promise<WebhookDelivery | null>;
  /** Newest event first (by position, then id, both descending). */
  list(subscriptionId: string, query: DeliveryListQuery): Promise<readonly WebhookDelivery[]>;
  /** Makes the subscription's pending deliveries due at `at`, each with a new round of retries; returns how many. */
  resumePending(subscriptionId: string, at: string): Promise<number>;
  /** Removes every delivery, of any subscription, that carries this customer's data; returns how many. */
  deleteForCustomer(customerId: string): Promise<number>;
}

export interface WebhookRepositories {
  readonly subscriptions: WebhookSubscriptionRepository;
  readonly deliveries: WebhookDeliveryRepository;
}

/** The sending side, across workspaces. */
export interface WebhookDeliveryQueue {
  /**
   * Pending deliveries of active subscriptions due at `now`, in event order. A delivery waits while
   * an earlier one of the same record is pending for the same subscription, so a receiver never
   * gets a record's later event before an earlier one that is still being retried.
   */
  due(now: string, limit: number): Promise<readonly WebhookDelivery[]>;
  /** Removes up to `limit` delivered and dead deliveries whose last attempt was before `before`; returns how many. */
  pruneFinished(before: string, limit: number): Promise<number>;
}

export const WEBHOOKS = featureStore<WebhookRepositories>("webhooks");
export const WEBHOOK_QUEUE = featureStore<WebhookDeliveryQueue>("webhooks.system");
