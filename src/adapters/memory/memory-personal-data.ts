import type { PersonalDataStore } from "../../application/ports/personal-data.js";
import type { OutboxMessage, OutboxQueue } from "../../application/ports/outbox-queue.js";
import type { DomainEvent } from "../../domain/events.js";
import type { Notification } from "../../domain/notifications/notification.js";
import type { WebOrder } from "../../domain/order/order.js";
import type { Ticket } from "../../domain/ticket/ticket.js";
import { normalizeEmail } from "../../domain/shared/text.js";
import type { IdempotencyRecord } from "../../domain/idempotency/idempotency.js";

export interface PersonalDataState {
  tickets: Map<string, Ticket>;
  orders: Map<string, WebOrder>;
  notifications: Map<string, Notification>;
  outbox: DomainEvent[];
  outboxDelivery: Map<string, unknown>;
  idempotency: Map<string, IdempotencyRecord>;
}

const copy = <T>(value: T): T => structuredClone(value);

/** `queue` gives the delivery state of each event, so exported events say whether they went out. */
export function memoryPersonalData(state: () => PersonalDataState, queue: () => OutboxQueue, workspaceId: string): PersonalDataStore {
  const unfiled = <T extends Ticket | WebOrder>(records: Map<string, T>, emailKey: string) =>
    copy(
      [...records.values()]
        .filter((r) => r.workspaceId === workspaceId && r.customerId === null && normalizeEmail(r.email) === emailKey)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
    );
  const remove = <T extends { workspaceId: string }>(records: Map<string, T>, ids: readonly string[]) => {
    for (const id of ids) if (records.get(id)?.workspaceId === workspaceId) records.delete(id);
  };
  return {
    unfiledTicketsFrom: async (emailKey) => unfiled(state().tickets, emailKey),
    unfiledOrdersFrom: async (emailKey) => unfiled(state().orders, emailKey),
    outboxEventsAbout: async (aggregateIds, mentions) => {
      const matching = state().outbox.filter(
        (e) =>
          e.workspaceId === workspaceId &&
          (aggregateIds.includes(e.aggregateId) || mentions.some((m) => JSON.stringify(e.payload).includes(m))),
      );
      const messages: OutboxMessage[] = [];
      for (const event of matching) {
        const message = await queue().findById(event.id);
        if (message) messages.push(message);
      }
      return messages.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));
    },
    notificationsAbout: async (eventIds, recordIds) =>
      copy(
        [...state().notifications.values()]
          .filter((n) => n.workspaceId === workspaceId && (eventIds.includes(n.eventId) || recordIds.some((id) => n.link.includes(id))))
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
      ),
    deliveredEventsBefore: async (cutoff, limit) => {
      const messages: OutboxMessage[] = [];
      for (const event of state().outbox.filter((e) => e.workspaceId === workspaceId)) {
        const message = await queue().findById(event.id);
        if (message && message.status === "done" && message.processedAt !== null && message.processedAt < cutoff) messages.push(message);
      }
      return messages.sort((a, b) => a.processedAt!.localeCompare(b.processedAt!) || a.id.localeCompare(b.id)).slice(0, limit);
    },
    deleteTickets: async (ids) => remove(state().tickets, ids),
    deleteOrders: async (ids) => remove(state().orders, ids),
    deleteNotifications: async (ids) => remove(state().notifications, ids),
    deleteOutboxEvents: async (ids) => {
      const gone = new Set(state().outbox.filter((e) => e.workspaceId === workspaceId && ids.includes(e.id)).map((e) => e.id));
      const kept = state().outbox.filter((e) => !gone.has(e.id));
      state().outbox.length = 0;
      state().outbox.push(...kept);
      for (const id of gone) state().outboxDelivery.delete(id);
    },
    forgetStoredAnswersMentioning: async (ids) => {
      let forgotten = 0;
      for (const [name, record] of state().idempotency) {
        if (record.workspaceId !== workspaceId || record.response === null) continue;
        const answer = JSON.stringify(record.response);
        if (!ids.some((id) => answer.includes(id))) continue;
        state().idempotency.delete(name);
        forgotten += 1;
      }
      return forgotten;
    },
  };
}
