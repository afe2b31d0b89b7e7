import type { NotificationRepository, StaffRepository } from "../../application/ports/notification-repositories.js";
import type { OutboxQueue } from "../../application/ports/outbox-queue.js";
import type { Sql } from "./postgres-database.js";

// PLACEHOLDER: replaced by the full implementation.
export function postgresStaffRepository(_sql: Sql, _workspaceId: string): StaffRepository {
  throw new Error("not implemented yet");
}
export function postgresNotificationRepository(_sql: Sql, _workspaceId: string): NotificationRepository {
  throw new Error("not implemented yet");
}
export function postgresOutboxQueue(_sql: Sql): OutboxQueue {
  throw new Error("not implemented yet");
}
