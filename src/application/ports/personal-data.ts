import type { Notification } from "../../domain/notifications/notification.js";
import type { WebOrder } from "../../domain/order/order.js";
import type { Ticket } from "../../domain/ticket/ticket.js";
import type { OutboxMessage } from "./outbox-queue.js";

/**
 * What finding, exporting (Art. 15/20) and erasing (Art. 17) one person needs beyond the
 * repositories: records that mention them without being filed under their customer, and the
 * deletions no other use case performs. Workspace-bound like every repository of a transaction.
 */
export interface PersonalDataStore {
  /** Tickets sent from this normalised e-mail but filed under no customer (they arrived before it existed). */
  unfiledTicketsFrom(emailKey: string): Promise<readonly Ticket[]>;
  unfiledOrdersFrom(emailKey: string): Promise<readonly WebOrder[]>;
  /** Outbox events (any status) about one of `aggregateIds`, or whose payload contains one of `mentions`; oldest first. */
  outboxEventsAbout(aggregateIds: readonly string[], mentions: readonly string[]): Promise<readonly OutboxMessage[]>;
  /** In-app notifications raised by one of these events, or linking to one of these records. */
  notificationsAbout(eventIds: readonly string[], recordIds: readonly string[]): Promise<readonly Notification[]>;
  /** Delivered (done) outbox events processed before the cutoff, oldest first. */
  deliveredEventsBefore(cutoff: string, limit: number): Promise<readonly OutboxMessage[]>;
  deleteTickets(ids: readonly string[]): Promise<void>;
  deleteOrders(ids: readonly string[]): Promise<void>;
  deleteNotifications(ids: readonly string[]): Promise<void>;
  deleteOutboxEvents(ids: readonly string[]): Promise<void>;
  /**
   * Forgets the stored first answers of idempotent requests (kept for retries) whose body
   * mentions one of these ids: an answer repeats the record it created. Returns how many went.
   */
  forgetStoredAnswersMentioning(ids: readonly string[]): Promise<number>;
}

/** Makes deleted bytes unrecoverable from the storage files (SQLite: checkpoint and truncate the WAL). */
export interface StorageScrubber {
  /** False when it could not finish now (another process reading); the next scrub or checkpoint finishes it. */
  scrub(): Promise<boolean>;
}

/** Stored copies of sent mail (the .eml files written when no SMTP server is configured). */
export interface MailArchive {
  /** Those of these mails that have a stored copy. */
  stored(messageIds: readonly string[]): Promise<readonly string[]>;
  /** Deletes the stored copies of these mails; missing ones are fine. Returns how many this call deleted. */
  forget(messageIds: readonly string[]): Promise<number>;
}
