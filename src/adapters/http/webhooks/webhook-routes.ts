import Router from "@koa/router";
import type { AuthenticateApiKey } from "../../../application/access/authenticate-api-key.js";
import type { CreateWebhook } from "../../../application/webhooks/create-webhook.js";
import type { DeleteWebhook } from "../../../application/webhooks/delete-webhook.js";
import type { PingWebhook } from "../../../application/webhooks/ping-webhook.js";
import type { RedeliverWebhookDelivery } from "../../../application/webhooks/redeliver-webhook.js";
import type { UpdateWebhook } from "../../../application/webhooks/update-webhook.js";
import type { GetWebhook } from "../../../application/webhooks/get-webhook.js";
import type { ListWebhookDeliveries } from "../../../application/webhooks/list-webhook-deliveries.js";
import type { ListWebhooks } from "../../../application/webhooks/list-webhooks.js";
import type { RotateWebhookSecret } from "../../../application/webhooks/rotate-webhook-secret.js";
import {
  CreatedWebhookViewSchema,
  CreateWebhookInput,
  DeliveryPageSchema,
  DeliveryViewSchema,
  ListDeliveriesInput,
  PingResultSchema,
  RotatedWebhookViewSchema,
  RotateSecretInput,
  UpdateWebhookInput,
  WebhookListSchema,
  WebhookViewSchema,
  toDeliveryView,
  toWebhookView,
  type CreatedWebhookView,
  type DeliveryPageView,
  type RotatedWebhookView,
} from "../../../application/webhooks/webhook-schemas.js";
import { queryObject, workspaceOf, type LeadportState } from "../context.js";
import { jsonBody, optionalJsonBody } from "../json-body.js";
import { requireSecretKey } from "../middleware.js";
import type { RouteDoc } from "../openapi/route-doc.js";
import { unwrap } from "../problem.js";

export interface WebhookServices {
  readonly authenticate: AuthenticateApiKey;
  readonly createWebhook: CreateWebhook;
  readonly updateWebhook: UpdateWebhook;
  readonly deleteWebhook: DeleteWebhook;
  readonly getWebhook: GetWebhook;
  readonly listWebhooks: ListWebhooks;
  readonly listDeliveries: ListWebhookDeliveries;
  readonly redeliver: RedeliverWebhookDelivery;
  readonly ping: PingWebhook;
  readonly rotateSecret: RotateWebhookSecret;
}

/** Subscriptions, secret rotation, their deliveries (a page at a time), redelivery by hand and a test ping. */
export function webhookRoutes(services: WebhookServices): Router<LeadportState> {
  const router = new Router<LeadportState>({ prefix: "/api/v1" });
  const auth = requireSecretKey(services.authenticate);

  router.get("/webhooks", auth, async (ctx) => {
    ctx.body = { items: unwrap(await services.listWebhooks.execute(workspaceOf(ctx.state))).map(toWebhookView) };
  });

  router.post("/webhooks", auth, jsonBody(), async (ctx) => {
    const created = unwrap(await services.createWebhook.execute(workspaceOf(ctx.state), ctx.state.body as CreateWebhookInput));
    ctx.status = 201;
    ctx.set("Location", `/api/v1/webhooks/${created.id}`);
    // Answers carrying the secret must not linger in caches.
    ctx.set("Cache-Control", "no-store");
    ctx.body = { ...toWebhookView(created), secret: created.secret } satisfies CreatedWebhookView;
  });

  router.get("/webhooks/:id", auth, async (ctx) => {
    ctx.body = toWebhookView(unwrap(await services.getWebhook.execute(workspaceOf(ctx.state), String(ctx.params.id))));
  });

  router.patch("/webhooks/:id", auth, jsonBody(), async (ctx) => {
    const updated = unwrap(await services.updateWebhook.execute(workspaceOf(ctx.state), String(ctx.params.id), ctx.state.body as UpdateWebhookInput));
    ctx.body = toWebhookView(updated);
  });

  router.delete("/webhooks/:id", auth, async (ctx) => {
    unwrap(await services.deleteWebhook.execute(workspaceOf(ctx.state), String(ctx.params.id)));
    ctx.status = 204;
  });

  // No body rotates with the default grace period.
  router.post("/webhooks/:id/rotate-secret", auth, optionalJsonBody(), async (ctx) => {
    const rotated = unwrap(
      await services.rotateSecret.execute(workspaceOf(ctx.state), String(ctx.params.id), (ctx.state.body ?? {}) as RotateSecretInput),
    );
    ctx.set("Cache-Control", "no-store");
    ctx.body = { ...toWebhookView(rotated), secret: rotated.secret } satisfies RotatedWebhookView;
  });

  router.post("/webhooks/:id/test", auth, async (ctx) => {
    ctx.body = unwrap(await services.ping.execute(workspaceOf(ctx.state), String(ctx.params.id)));
  });

  router.get("/webhooks/:id/deliveries", auth, async (ctx) => {
    const page = unwrap(
      await services.listDeliveries.execute(workspaceOf(ctx.state), String(ctx.params.id), queryObject(ctx.query) as ListDeliveriesInput),
    );
    ctx.body = { items: page.items.map(toDeliveryView), nextCursor: page.nextCursor } satisfies DeliveryPageView;
  });

  router.post("/webhooks/:id/deliveries/:deliveryId/redeliver", auth, async (ctx) => {
    const again = unwrap(await services.redeliver.execute(workspaceOf(ctx.state), String(ctx.params.id), String(ctx.params.deliveryId)));
    ctx.status = 202;
    ctx.body = toDeliveryView(again);
  });

  return router;
}

const TAGS = ["Webhooks"];

export const webhookRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: "/api/v1/webhooks",
    summary: "The workspace's webhook subscriptions",
    tags: TAGS,
    auth: "secret-key",
    responses: { 200: { description: "Every subscription, oldest first, without secrets.", schema: WebhookListSchema } },
  },
  {
    method: "post",
    path: "/api/v1/webhooks",
    summary: "Subscribe a URL to events",
    description:
      "Events are POSTed as JSON `{ id, type, occurredAt, workspace, data }` with a `Leadport-Signature: t=…,v1=…` header (HMAC-SHA256 of `<t>.<body>` with the secret). The target must be https and may not be a loopback, private, link-local or cloud-metadata address unless the operator allows private targets. The answer holds the signing `secret`, shown only this once.",
    tags: TAGS,
    auth: "secret-key",
    body: CreateWebhookInput,
    example: { url: "https://crm.example.org/hooks/leadport", events: ["inquiry.*", "order.received"], description: "CRM sync" },
    responses: {
      201: { description: "The subscription with its secret.", schema: CreatedWebhookViewSchema },
      400: { description: "A field is invalid, e.g. a refused target address or an unknown event pattern; `errors` names it." },
    },
  },
  {
    method: "get",
    path: "/api/v1/webhooks/:id",
    summary: "One webhook subscription",
    tags: TAGS,
    auth: "secret-key",
    responses: { 200: { description: "The subscription, without its secret.", schema: WebhookViewSchema }, 404: { description: "No such subscription in this workspace." } },
  },
  {
    method: "patch",
    path: "/api/v1/webhooks/:id",
    summary: "Change a webhook subscription",
    description: "Fields sent are changed. `active: true` switches a subscription on again after the server switched it off; what is still pending is sent then.",
    tags: TAGS,
    auth: "secret-key",
    body: UpdateWebhookInput,
    responses: {
      200: { description: "The changed subscription.", schema: WebhookViewSchema },
      400: { description: "A field is invalid; `errors` names it." },
      404: { description: "No such subscription in this workspace." },
    },
  },
  {
    method: "delete",
    path: "/api/v1/webhooks/:id",
    summary: "Remove a webhook subscription with its deliveries",
    tags: TAGS,
    auth: "secret-key",
    responses: { 204: { description: "Removed." }, 404: { description: "No such subscription in this workspace." } },
  },
  {
    method: "post",
    path: "/api/v1/webhooks/:id/rotate-secret",
    summary: "Issue a new signing secret",
    description:
      "The answer holds the new `secret`, shown only this once. For the grace period (`graceHours`, 0–168, default 24) deliveries are signed with both secrets — `Leadport-Signature: t=…,v1=<new>,v1=<old>` — so a receiver that knows either accepts them; then only the new one signs. Rotating again during a grace period drops the oldest secret at once.",
    tags: TAGS,
    auth: "secret-key",
    body: RotateSecretInput,
    bodyRequired: false,
    responses: {
      200: { description: "The subscription with its new secret.", schema: RotatedWebhookViewSchema },
      400: { description: "`graceHours` is not a whole number from 0 to 168." },
      404: { description: "No such subscription in this workspace." },
    },
  },
  {
    method: "post",
    path: "/api/v1/webhooks/:id/test",
    summary: "Send a signed ping now",
    description: "Sends one `webhook.ping` event, signed like every delivery, and answers what the receiver said. Nothing is queued or retried.",
    tags: TAGS,
    auth: "secret-key",
    responses: { 200: { description: "The receiver's answer.", schema: PingResultSchema }, 404: { description: "No such subscription in this workspace." } },
  },
  {
    method: "get",
    path: "/api/v1/webhooks/:id/deliveries",
    summary: "A subscription's deliveries",
    description:
      "Newest event first (events of the same instant by event id): status (`pending`, `delivered`, `dead`), attempts, the last answer's status code and the start of its body, and when the next attempt is due. Pages with `limit` (max 200, default 50) and the returned `nextCursor`.",
    tags: TAGS,
    auth: "secret-key",
    query: ListDeliveriesInput,
    responses: {
      200: { description: "A page of deliveries.", schema: DeliveryPageSchema },
      400: { description: "A query parameter is invalid, or `cursor` is not one this API returned." },
      404: { description: "No such subscription in this workspace." },
    },
  },
  {
    method: "post",
    path: "/api/v1/webhooks/:id/deliveries/:deliveryId/redeliver",
    summary: "Send a delivery again",
    description: "A dead (or delivered) delivery gets a new round of retries with the same body and event id, due at once.",
    tags: TAGS,
    auth: "secret-key",
    responses: {
      202: { description: "Queued again.", schema: DeliveryViewSchema },
      404: { description: "No such subscription or delivery in this workspace." },
    },
  },
];
