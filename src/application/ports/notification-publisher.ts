import type { Notification } from "../../domain/notifications/notification.js";

/** Live push of stored notifications to whoever listens in this process (e.g. SSE streams). */
export interface NotificationPublisher {
  publish(notifications: readonly Notification[]): void;
}

export interface NotificationFeed extends NotificationPublisher {
  /** Calls `listener` for each new notification of the staff member until the returned function is called. */
  subscribe(workspaceId: string, staffId: string, listener: (notification: Notification) => void): () => void;
}
