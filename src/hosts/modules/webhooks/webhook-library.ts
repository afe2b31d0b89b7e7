import type { DependencyContainer } from "tsyringe";
import { CreateWebhook } from "../../../application/webhooks/create-webhook.js";
import { DeleteWebhook } from "../../../application/webhooks/delete-webhook.js";
import { DeliverDueWebhooks, type DeliveryPassReport } from "../../../application/webhooks/deliver-due-webhooks.js";
import { PingWebhook } from "../../../application/webhooks/ping-webhook.js";
import { RedeliverWebhookDelivery } from "../../../application/webhooks/redeliver-webhook.js";
import { UpdateWebhook } from "../../../application/webhooks/update-webhook.js";
import { GetWebhook } from "../../../application/webhooks/get-webhook.js";
import { ListWebhookDeliveries } from "../../../application/webhooks/list-webhook-deliveries.js";
import { ListWebhooks } from "../../../application/webhooks/list-webhooks.js";
import { RotateWebhookSecret } from "../../../application/webhooks/rotate-webhook-secret.js";
import {
  toDeliveryView,
  toWebhookView,
  type CreatedWebhookView,
  type CreateWebhookInput,
  type DeliveryPageView,
  type DeliveryView,
  type ListDeliveriesInput,
  type PingResult,
  type RotatedWebhookView,
  type RotateSecretInput,
  type UpdateWebhookInput,
  type WebhookView,
} from "../../../application/webhooks/webhook-schemas.js";
import type { Failure } from "../../../domain/shared/failure.js";
import { ok, type Result } from "../../../domain/shared/result.js";

export type { CreatedWebhookView, CreateWebhookInput, DeliveryView, DeliveryPageView, ListDeliveriesInput, PingResult, UpdateWebhookInput, WebhookView, DeliveryPassReport };
export type { RotatedWebhookView, RotateSecretInput };

/** `lp.webhooks`: the same use cases as `/api/v1/webhooks` and `leadport webhooks`. */
export interface LibraryWebhooks {
  add(input: CreateWebhookInput): Promise<Result<CreatedWebhookView, Failure>>;
  list(): Promise<Result<WebhookView[], Failure>>;
  get(id: string): Promise<Result<WebhookView, Failure>>;
  update(id: string, input: UpdateWebhookInput): Promise<Result<WebhookView, Failure>>;
  remove(id: string): Promise<Result<void, Failure>>;
  test(id: string): Promise<Result<PingResult, Failure>>;
  /** A new signing secret, shown only here; the old one keeps signing for `graceHours` (default 24). */
  rotateSecret(id: string, input?: RotateSecretInput): Promise<Result<RotatedWebhookView, Failure>>;
  /** Newest first, a page at a time: pass `nextCursor` back as `cursor`. */
  deliveries(id: string, query?: ListDeliveriesInput): Promise<Result<DeliveryPageView, Failure>>;
  redeliver(id: string, deliveryId: string): Promise<Result<DeliveryView, Failure>>;
  /** Sends every due delivery of every workspace now; a server does this on its own. Run `lp.outbox.runOnce()` first to queue new events. */
  deliverDue(): Promise<Result<DeliveryPassReport, Failure>>;
}

const map = <T, U>(result: Result<T, Failure>, f: (value: T) => U): Result<U, Failure> => (result.ok ? ok(f(result.value)) : result);

export function bindWebhookLibrary(container: DependencyContainer, workspaceId: string): LibraryWebhooks {
  return {
    add: async (input) => map(await container.resolve(CreateWebhook).execute(workspaceId, input), (created) => ({ ...toWebhookView(created), secret: created.secret })),
    list: async () => map(await container.resolve(ListWebhooks).execute(workspaceId), (items) => items.map(toWebhookView)),
    get: async (id) => map(await container.resolve(GetWebhook).execute(workspaceId, id), toWebhookView),
    update: async (id, input) => map(await container.resolve(UpdateWebhook).execute(workspaceId, id, input), toWebhookView),
    remove: (id) => container.resolve(DeleteWebhook).execute(workspaceId, id),
    test: (id) => container.resolve(PingWebhook).execute(workspaceId, id),
    rotateSecret: async (id, input) =>
      map(await container.resolve(RotateWebhookSecret).execute(workspaceId, id, input), (rotated) => ({ ...toWebhookView(rotated), secret: rotated.secret })),
    deliveries: async (id, query) =>
      map(await container.resolve(ListWebhookDeliveries).execute(workspaceId, id, query), (page) => ({
        items: page.items.map(toDeliveryView),
        nextCursor: page.nextCursor,
      })),
    redeliver: async (id, deliveryId) => map(await container.resolve(RedeliverWebhookDelivery).execute(workspaceId, id, deliveryId), toDeliveryView),
    deliverDue: () => container.resolve(DeliverDueWebhooks).execute(),
  };
}
