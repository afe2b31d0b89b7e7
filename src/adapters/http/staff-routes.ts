import type { PassThrough } from "node:stream";
import Router from "@koa/router";
import type { AuthenticateApiKey } from "../../application/access/authenticate-api-key.js";
import {
  ListNotificationsInput,
  MarkedReadSchema,
  NotificationListViewSchema,
  NotificationViewSchema,
  toNotificationView,
  type NotificationListView,
} from "../../application/notifications/notification-use-cases.js";
import type { ListNotifications } from "../../application/notifications/list-notifications.js";
import type { MarkAllNotificationsRead } from "../../application/notifications/mark-all-notifications-read.js";
import type { MarkNotificationRead } from "../../application/notifications/mark-notification-read.js";
import type { NotificationFeed } from "../../application/ports/notification-publisher.js";
import { StreamTokenViewSchema, type StreamTokenView } from "../../application/notifications/stream-tokens.js";
import type { IssueStreamToken } from "../../application/notifications/issue-stream-token.js";
import type { VerifyStreamToken } from "../../application/notifications/verify-stream-token.js";
import { AddStaffInput, StaffListSchema, StaffViewSchema, UpdateStaffInput, toStaffView, type StaffListView } from "../../application/staff/staff-members.js";
import { type AddStaffMember } from "../../application/staff/add-staff-member.js";
import { type GetStaffMember } from "../../application/staff/get-staff-member.js";
import { type ListStaff } from "../../application/staff/list-staff.js";
import { type RemoveStaffMember } from "../../application/staff/remove-staff-member.js";
import { type UpdateStaffMember } from "../../application/staff/update-staff-member.js";
import type { Notification } from "../../domain/notifications/notification.js";
import { queryObject, workspaceOf, type LeadportState } from "./context.js";
import { jsonBody } from "./json-body.js";
import { presentedKey, requireSecretKey } from "./middleware.js";
import { DEFAULT_STREAM_LIMITS, OpenStreams, STREAM_RETRY_AFTER_SECONDS, TooManyStreams, type StreamLimits } from "./notification-streams.js";
import { HttpProblem, unwrap } from "./problem.js";
import type { RouteDoc } from "./openapi/route-doc.js";

export interface StaffServices {
  readonly authenticate: AuthenticateApiKey;
  readonly addStaff: AddStaffMember;
  readonly updateStaff: UpdateStaffMember;
  readonly removeStaff: RemoveStaffMember;
  readonly getStaff: GetStaffMember;
  readonly listStaff: ListStaff;
  readonly listNotifications: ListNotifications;
  readonly markNotificationRead: MarkNotificationRead;
  readonly markAllNotificationsRead: MarkAllNotificationsRead;
  readonly issueStreamToken: IssueStreamToken;
  readonly verifyStreamToken: VerifyStreamToken;
}

export interface StaffRoutes {
  readonly router: Router<LeadportState>;
  /** Ends every open notification stream, so the server can close. */
  closeStreams(): void;
}

const HEARTBEAT_MS = 15_000;

const sseMessage = (notification: Notification) =>
  `id: ${notification.id}\nevent: notification\ndata: ${JSON.stringify(toNotificationView(notification))}\n\n`;

/** Staff administration, each member's in-app notifications, and their live stream (SSE). */
export interface StaffRouteOptions {
  readonly limits: StreamLimits;
  /** The configured public base URL: stream addresses are never built from a client's Host header. */
  readonly publicUrl: () => string;
}

export function staffRoutes(
  services: StaffServices,
  feed: NotificationFeed,
  { limits, publicUrl }: StaffRouteOptions = { limits: DEFAULT_STREAM_LIMITS, publicUrl: () => "" },
): StaffRoutes {
  const router = new Router<LeadportState>({ prefix: "/api/v1" });
  const auth = requireSecretKey(services.authenticate);
  const open = new OpenStreams(limits);

  router.get("/staff", auth, async (ctx) => {
    ctx.body = { items: unwrap(await services.listStaff.execute(workspaceOf(ctx.state))).map(toStaffView) } satisfies StaffListView;
  });

  router.post("/staff", auth, jsonBody(), async (ctx) => {
    const member = unwrap(await services.addStaff.execute(workspaceOf(ctx.state), ctx.state.body as AddStaffInput));
    ctx.status = 201;
    ctx.set("Location", `/api/v1/staff/${member.id}`);
    ctx.body = toStaffView(member);
  });

  router.get("/staff/:id", auth, async (ctx) => {
    ctx.body = toStaffView(unwrap(await services.getStaff.execute(workspaceOf(ctx.state), String(ctx.params.id))));
  });

  router.patch("/staff/:id", auth, jsonBody(), async (ctx) => {
    const member = unwrap(
      await services.updateStaff.execute(workspaceOf(ctx.state), String(ctx.params.id), ctx.state.body as UpdateStaffInput),
    );
    ctx.body = toStaffView(member);
  });

  router.delete("/staff/:id", auth, async (ctx) => {
    unwrap(await services.removeStaff.execute(workspaceOf(ctx.state), String(ctx.params.id)));
    ctx.status = 204;
  });

  const staffIdOf = async (workspaceId: string, idOrEmail: string) => unwrap(await services.getStaff.execute(workspaceId, idOrEmail)).id;

  router.get("/staff/:id/notifications", auth, async (ctx) => {
    const workspaceId = workspaceOf(ctx.state);
    const staffId = await staffIdOf(workspaceId, String(ctx.params.id));
    const list = unwrap(await services.listNotifications.execute(workspaceId, staffId, queryObject(ctx.query)));
    ctx.body = { items: list.items.map(toNotificationView), unreadCount: list.unreadCount } satisfies NotificationListView;
  });

  router.post("/staff/:id/notifications/read-all", auth, async (ctx) => {
    const workspaceId = workspaceOf(ctx.state);
    const staffId = await staffIdOf(workspaceId, String(ctx.params.id));
    ctx.body = unwrap(await services.markAllNotificationsRead.execute(workspaceId, staffId));
  });

  router.post("/staff/:id/notifications/:nid/read", auth, async (ctx) => {
    const workspaceId = workspaceOf(ctx.state);
    const staffId = await staffIdOf(workspaceId, String(ctx.params.id));
    ctx.body = toNotificationView(unwrap(await services.markNotificationRead.execute(workspaceId, staffId, String(ctx.params.nid))));
  });

  router.post("/staff/:id/notifications/stream-token", auth, async (ctx) => {
    const issued = unwrap(await services.issueStreamToken.execute(workspaceOf(ctx.state), String(ctx.params.id)));
    const path = `/api/v1/staff/${encodeURIComponent(issued.staffId)}/notifications/stream?token=${encodeURIComponent(issued.token)}`;
    ctx.set("Cache-Control", "no-store");
    // Never from the Host header: a forged one would send the token to someone else's server.
    ctx.body = { token: issued.token, expiresAt: issued.expiresAt, url: `${publicUrl()}${path}` } satisfies StreamTokenView;
  });

  // Only this route accepts a stream token (`?token=`), since a browser's EventSource cannot send
  // the key header; every other route reads keys from headers alone.
  router.get("/staff/:id/notifications/stream", async (ctx, next) => {
    const token = ctx.query.token;
    if (token === undefined) return auth(ctx, next);
    // A token authorises without cookies, so any page holding one may read the stream.
    ctx.set("Access-Control-Allow-Origin", "*");
    if (typeof token !== "string") throw new HttpProblem(401, "unauthenticated", "Send exactly one stream token.");
    ctx.state.workspaceId = unwrap(await services.verifyStreamToken.execute(token, String(ctx.params.id))).workspaceId;
    await next();
  }, async (ctx) => {
    const workspaceId = workspaceOf(ctx.state);
    const staffId = await staffIdOf(workspaceId, String(ctx.params.id));
    const keyId = ctx.state.apiKey?.id;
    let stream: PassThrough;
    try {
      stream = open.admit({ staff: `${workspaceId}/${staffId}`, keyId });
    } catch (error) {
      if (error instanceof TooManyStreams) ctx.set("Retry-After", String(STREAM_RETRY_AFTER_SECONDS));
      throw error;
    }
    const presented = keyId === undefined ? undefined : presentedKey(ctx);
    // Revocation and removal also happen from the CLI, in another process, where no in-process
    // signal reaches; so each stream re-reads its credentials on a timer, the one check that sees both.
    const stillAllowed = async (): Promise<boolean> => {
      if (presented !== undefined) {
        const key = await services.authenticate.execute(presented);
        if (!key.ok || key.value.id !== keyId || key.value.kind !== "secret") return false;
      }
      return (await services.getStaff.execute(workspaceId, staffId)).ok;
    };
    // Subscribe before replaying, so nothing stored in between is missed (the client dedupes by id).
    const send = (text: string) => {
      if (stream.writable) stream.write(text);
    };
    const unsubscribe = feed.subscribe(workspaceId, staffId, (notification) => send(sseMessage(notification)));
    const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
    const recheck = setInterval(() => {
      // A failing check (storage busy) keeps the stream; only a definite "no longer allowed" ends it.
      stillAllowed().then((allowed) => allowed || end(), () => undefined);
    }, limits.recheckMs);
    // The client reconnects with Last-Event-ID and is replayed what it missed.
    const lifetime = setTimeout(() => end(), limits.maxLifetimeMs);
    const end = () => {
      unsubscribe();
      clearInterval(heartbeat);
      clearInterval(recheck);
      clearTimeout(lifetime);
      stream.end();
    };
    ctx.req.on("close", end);
    stream.on("close", end);

    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.status = 200;
    // Connection: close — when the stream ends (e.g. on shutdown) the socket goes with it, so a
    // reconnecting client cannot slip a new stream into a server that is closing.
    ctx.set({ "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", Connection: "close", "X-Accel-Buffering": "no" });
    ctx.body = stream;
    send("retry: 3000\n: connected\n\n");

    const lastEventId = ctx.get("last-event-id");
    if (lastEventId) {
      const recent = unwrap(await services.listNotifications.execute(workspaceId, staffId, { limit: 200 }));
      for (const notification of [...recent.items].reverse()) if (notification.id > lastEventId) send(sseMessage(notification));
    }
  });

  return { router, closeStreams: () => open.closeAll() };
}

const notFound = { description: "No such staff member (or notification) in this workspace" };

/** The API reference of the routes above. */
export const staffRouteDocs: readonly RouteDoc[] = [
  { method: "get", path: "/api/v1/staff", summary: "List staff members", tags: ["Staff"], auth: "secret-key", responses: { 200: { description: "Every staff member, oldest first.", schema: StaffListSchema } } },
  {
    method: "post",
    path: "/api/v1/staff",
    summary: "Add a staff member",
    description: "Without `events` the member wants every notification; `emailEnabled` defaults to true.",
    tags: ["Staff"],
    auth: "secret-key",
    body: AddStaffInput,
    example: { name: "Anna Schulz", email: "anna@dachdecker-schulz.de" },
    responses: { 201: { description: "The member", schema: StaffViewSchema }, 400: { description: "Invalid field" }, 409: { description: "E-mail already taken" } },
  },
  { method: "get", path: "/api/v1/staff/:id", summary: "One staff member (by id or e-mail)", tags: ["Staff"], auth: "secret-key", responses: { 200: { description: "The member", schema: StaffViewSchema }, 404: notFound } },
  {
    method: "patch",
    path: "/api/v1/staff/:id",
    summary: "Change a staff member",
    tags: ["Staff"],
    auth: "secret-key",
    body: UpdateStaffInput,
    responses: { 200: { description: "The member", schema: StaffViewSchema }, 400: { description: "Invalid field" }, 404: notFound, 409: { description: "E-mail already taken" } },
  },
  { method: "delete", path: "/api/v1/staff/:id", summary: "Remove a staff member and their notifications", tags: ["Staff"], auth: "secret-key", responses: { 204: { description: "Removed" }, 404: notFound } },
  {
    method: "get",
    path: "/api/v1/staff/:id/notifications",
    summary: "A staff member's in-app notifications, newest first",
    tags: ["Notifications"],
    auth: "secret-key",
    query: ListNotificationsInput,
    responses: { 200: { description: "The newest notifications and how many are unread in all.", schema: NotificationListViewSchema }, 400: { description: "Invalid query" }, 404: notFound },
  },
  { method: "post", path: "/api/v1/staff/:id/notifications/read-all", summary: "Mark all read", tags: ["Notifications"], auth: "secret-key", responses: { 200: { description: "How many were marked read.", schema: MarkedReadSchema }, 404: notFound } },
  { method: "post", path: "/api/v1/staff/:id/notifications/:nid/read", summary: "Mark one read", tags: ["Notifications"], auth: "secret-key", responses: { 200: { description: "The notification, now read.", schema: NotificationViewSchema }, 404: notFound } },
  {
    method: "get",
    path: "/api/v1/staff/:id/notifications/stream",
    summary: "Live notifications as Server-Sent Events",
    description:
      "Each new notification as `event: notification` with its JSON (the `Notification` schema) in `data`; honours `Last-Event-ID`. Browsers, whose EventSource cannot send the key header, authenticate with `?token=` from the stream-token route instead.",
    tags: ["Notifications"],
    auth: "secret-key",
    responses: {
      200: { description: "An event stream; ended after LEADPORT_SSE_MAX_LIFETIME_MS (reconnect with Last-Event-ID) or within LEADPORT_SSE_RECHECK_MS of the key's revocation or the member's removal", contentType: "text/event-stream" },
      404: notFound,
      429: { description: "Too many open streams for this member, this key or the server; see Retry-After" },
      503: { description: "The server is shutting down" },
    },
  },
  {
    method: "post",
    path: "/api/v1/staff/:id/notifications/stream-token",
    summary: "A short-lived token for the notification stream",
    description:
      "For browsers, whose EventSource cannot send the key header: open `url` (the stream with `?token=`) within five minutes. The token is valid only on this member's stream; an expired or altered token is refused with 401, another member's with 403.",
    tags: ["Notifications"],
    auth: "secret-key",
    responses: { 200: { description: "The token and the stream address that takes it.", schema: StreamTokenViewSchema }, 404: notFound },
  },
];
