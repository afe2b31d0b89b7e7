import type { DependencyContainer } from "tsyringe";
import { DeleteAttachmentBlobs } from "../application/attachments/delete-attachment-blobs.js";
import { NotifyStaff, SendStaffMail } from "../application/notifications/notify-staff.js";
import type { OutboxHandler } from "../application/outbox/outbox-handler.js";
import { TOKENS } from "../application/tokens.js";
import { RemoveErasedFiles } from "../application/customers/remove-erased-files.js";
import type { FeatureModule } from "./modules/feature-module.js";

/**
 * Every consumer of the outbox: the core's, then each feature module's. The dispatcher does not
 * change when a feature adds handlers.
 */
export function registerOutboxHandlers(container: DependencyContainer, modules: readonly FeatureModule<object>[] = []): void {
  container.register(TOKENS.OutboxHandlers, {
    useFactory: (c): readonly OutboxHandler[] => [
      c.resolve(NotifyStaff),
      c.resolve(SendStaffMail),
      c.resolve(DeleteAttachmentBlobs),
      c.resolve(RemoveErasedFiles),
      ...modules.flatMap((module) => module.outboxHandlers?.(c) ?? []),
    ],
  });
}
