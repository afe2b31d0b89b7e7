import { EventEmitter } from "node:events";
import type { NotificationFeed } from "../../application/ports/notification-publisher.js";
import type { Notification } from "../../domain/notifications/notification.js";

/** Fans stored notifications out to listeners in this process, e.g. open SSE streams. */
export class InProcessNotificationFeed implements NotificationFeed {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open stream; many browser tabs are normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  publish(notifications: readonly Notification[]): void {
    for (const notification of notifications) this.emitter.emit(channel(notification.workspaceId, notification.staffId), notification);
  }

  subscribe(workspaceId: string, staffId: string, listener: (notification: Notification) => void): () => void {
    const name = channel(workspaceId, staffId);
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}

const channel = (workspaceId: string, staffId: string) => `${workspaceId}/${staffId}`;
