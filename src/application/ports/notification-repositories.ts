import type { Notification } from "../../domain/notifications/notification.js";
import type { StaffMember } from "../../domain/staff/staff.js";

/** Workspace-bound, like every repository inside a workspace transaction. */
export interface StaffRepository {
  findById(id: string): Promise<StaffMember | null>;
  /** By the normalised (trimmed, lower-cased) e-mail address. */
  findByEmail(email: string): Promise<StaffMember | null>;
  insert(member: StaffMember): Promise<void>;
  update(member: StaffMember): Promise<void>;
  /** Removes the member and their in-app notifications. */
  delete(id: string): Promise<void>;
  /** Oldest first. */
  list(): Promise<readonly StaffMember[]>;
}

export interface NotificationQuery {
  readonly unreadOnly: boolean;
  readonly limit: number;
}

export interface NotificationRepository {
  /** Stores it unless one for the same event and staff member exists; returns whether it was stored. */
  insertOnce(notification: Notification): Promise<boolean>;
  findById(staffId: string, id: string): Promise<Notification | null>;
  /** Newest first. */
  list(staffId: string, query: NotificationQuery): Promise<readonly Notification[]>;
  countUnread(staffId: string): Promise<number>;
  markRead(staffId: string, id: string, at: string): Promise<void>;
  /** Returns how many were unread. */
  markAllRead(staffId: string, at: string): Promise<number>;
}
