import type { NotificationRepository, StaffRepository } from "../../application/ports/notification-repositories.js";
import type { OutboxMessage, OutboxQueue, OutboxStatus } from "../../application/ports/outbox-queue.js";
import type { DomainEvent } from "../../domain/events.js";
import type { Notification } from "../../domain/notifications/notification.js";
import type { StaffMember } from "../../domain/staff/staff.js";

/** The part of the in-memory state these repositories own; the unit of work snapshots it with the rest. */
export interface NotificationState {
  staff: Map<string, StaffMember>;
  notifications: Map<string, Notification>;
  /** Delivery state per outbox event id; an event without an entry is pending since it occurred. */
  outboxDelivery: Map<string, OutboxDeliveryState>;
}

export interface OutboxDeliveryState {
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  processedAt: string | null;
  claimToken: string | null;
}

export const emptyNotificationState = (): NotificationState => ({ staff: new Map(), notifications: new Map(), outboxDelivery: new Map() });

const copy = <T>(value: T): T => structuredClone(value);
const newestFirst = (a: Notification, b: Notification) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

export function memoryStaffRepository(state: () => NotificationState, workspaceId: string): StaffRepository {
  const mine = () => [...state().staff.values()].filter((m) => m.workspaceId === workspaceId);
  return {
    findById: async (id) => copy(mine().find((m) => m.id === id) ?? null),
    findByEmail: async (email) => copy(mine().find((m) => m.email === email.trim().toLowerCase()) ?? null),
    insert: async (member) => {
      if (mine().some((m) => m.email === member.email)) throw new Error(`staff e-mail ${member.email} is already taken`);
      state().staff.set(member.id, copy(member));
    },
    update: async (member) => {
      if (mine().some((m) => m.id === member.id)) state().staff.set(member.id, copy(member));
    },
    delete: async (id) => {
      if (!mine().some((m) => m.id === id)) return;
      state().staff.delete(id);
      for (const n of [...state().notifications.values()]) if (n.staffId === id) state().notifications.delete(n.id);
    },
    list: async () => copy(mine().sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))),
  };
}

export function memoryNotificationRepository(state: () => NotificationState, workspaceId: string): NotificationRepository {
  const of = (staffId: string) =>
    [...state().notifications.values()].filter((n) => n.workspaceId === workspaceId && n.staffId === staffId);
  const setRead = (notification: Notification, at: string) => state().notifications.set(notification.id, { ...notification, readAt: at });
  return {
    insertOnce: async (notification) => {
      const member = state().staff.get(notification.staffId);
      if (!member || member.workspaceId !== workspaceId) return false;
      if (of(notification.staffId).some((n) => n.eventId === notification.eventId)) return false;
      state().notifications.set(notification.id, copy({ ...notification, workspaceId }));
      return true;
    },
    findById: async (staffId, id) => copy(of(staffId).find((n) => n.id === id) ?? null),
    list: async (staffId, query) =>
      copy(of(staffId).filter((n) => !query.unreadOnly || n.readAt === null).sort(newestFirst).slice(0, query.limit)),
    countUnread: async (staffId) => of(staffId).filter((n) => n.readAt === null).length,
    markRead: async (staffId, id, at) => {
      const notification = of(staffId).find((n) => n.id === id);
      if (notification && notification.readAt === null) setRead(notification, at);
    },
    markAllRead: async (staffId, at) => {
      const unread = of(staffId).filter((n) => n.readAt === null);
      for (const notification of unread) setRead(notification, at);
      return unread.length;
    },
  };
}

export function memoryOutboxQueue(
  state: () => NotificationState,
  events: () => readonly DomainEvent[],
  forget: (ids: ReadonlySet<string>) => void,
): OutboxQueue {
  const deliveryOf = (event: DomainEvent): OutboxDeliveryState => {
    let delivery = state().outboxDelivery.get(event.id);
    if (!delivery) {
      delivery = { status: "pending", attempts: 0, nextAttemptAt: event.occurredAt, lastError: null, processedAt: null, claimToken: null };
      state().outboxDelivery.set(event.id, delivery);
    }
    return delivery;
  };
  const messageOf = (event: DomainEvent): OutboxMessage => {
    const { claimToken: _internal, ...delivery } = deliveryOf(event);
    return copy({ ...event, ...delivery });
  };
  const claimed = (id: string, token: string) => {
    const delivery = state().outboxDelivery.get(id);
    return delivery && delivery.status === "pending" && delivery.claimToken === token ? delivery : null;
  };
  const requeue = (delivery: OutboxDeliveryState, now: string) =>
    Object.assign(delivery, { status: "pending", attempts: 0, nextAttemptAt: now, processedAt: null });
  const failed = () => events().filter((event) => deliveryOf(event).status === "failed");
  return {
    claimDue: async ({ now, leaseUntil, limit, token }) => {
      const due = events()
        .filter((event) => {
          const delivery = deliveryOf(event);
          return delivery.status === "pending" && delivery.nextAttemptAt <= now;
        })
        .sort((a, b) => deliveryOf(a).nextAttemptAt.localeCompare(deliveryOf(b).nextAttemptAt) || a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id))
        .slice(0, limit);
      for (const event of due) Object.assign(deliveryOf(event), { attempts: deliveryOf(event).attempts + 1, nextAttemptAt: leaseUntil, claimToken: token });
      return due.map(messageOf).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));
    },
    completeAll: async (ids, token, at) => {
      const held = ids.map((id) => claimed(id, token)).filter((delivery) => delivery !== null);
      for (const delivery of held) Object.assign(delivery, { status: "done", processedAt: at, claimToken: null });
      return held.length;
    },
    release: async (ids, token, now) => {
      const held = ids.map((id) => claimed(id, token)).filter((delivery) => delivery !== null);
      for (const delivery of held) Object.assign(delivery, { attempts: delivery.attempts - 1, nextAttemptAt: now, claimToken: null });
      return held.length;
    },
    recordFailure: async (id, token, outcome) => {
      const delivery = claimed(id, token);
      if (!delivery) return false;
      Object.assign(delivery, {
        status: outcome.status,
        nextAttemptAt: outcome.nextAttemptAt,
        lastError: outcome.lastError,
        claimToken: null,
        processedAt: outcome.status === "failed" ? outcome.nextAttemptAt : null,
      });
      return true;
    },
    findById: async (id) => {
      const event = events().find((e) => e.id === id);
      return event ? messageOf(event) : null;
    },
    list: async ({ status, limit }) =>
      events()
        .map(messageOf)
        .filter((message) => status === undefined || message.status === status)
        .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || b.id.localeCompare(a.id))
        .slice(0, limit),
    requeueFailed: async (id, now) => {
      const event = failed().find((e) => e.id === id);
      if (!event) return false;
      requeue(deliveryOf(event), now);
      return true;
    },
    requeueAllFailed: async (now) => {
      const all = failed();
      for (const event of all) requeue(deliveryOf(event), now);
      return all.length;
    },
    purgeDelivered: async (before, limit, keep) => {
      const delivered = events()
        .filter((event) => {
          const delivery = state().outboxDelivery.get(event.id);
          return delivery?.status === "done" && delivery.processedAt !== null && delivery.processedAt < before && !keep.includes(event.type);
        })
        .slice(0, limit)
        .map((event) => event.id);
      for (const id of delivered) state().outboxDelivery.delete(id);
      forget(new Set(delivered));
      return delivered.length;
    },
  };
}
