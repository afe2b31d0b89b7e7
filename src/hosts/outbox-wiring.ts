import type { DependencyContainer } from "tsyringe";
import { DeleteAttachmentBlobs } from "../application/attachments/delete-attachment-blobs.js";
import { NotifyStaff, SendStaffMail } from "../application/notifications/notify-staff.js";
import type { OutboxHandler } from "../application/outbox/outbox-handler.js";
import { TOKENS } from "../application/tokens.js";
import { RemoveErasedFiles } from "../application/customers/remove-erased-files.js";

/**
 * Every consumer of the outbox. A later consumer (surveys, accounting, webhooks) adds its
 * handler to this list; the dispatcher does not change.
 */
export function registerOutboxHandlers(container: DependencyContainer): void {
  container.register(TOKENS.OutboxHandlers, {
    useFactory: (c): readonly OutboxHandler[] => [c.resolve(NotifyStaff), c.resolve(SendStaffMail), c.resolve(DeleteAttachmentBlobs), c.resolve(RemoveErasedFiles)],
  });
}
