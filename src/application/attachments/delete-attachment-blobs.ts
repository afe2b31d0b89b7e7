import { inject, injectable } from "tsyringe";
import { z } from "zod";
import type { BlobStore } from "../ports/blob-store.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { OutboxHandler } from "../outbox/outbox-handler.js";
import { TOKENS } from "../tokens.js";

/** Events written before attachment blob keys were carried have none to delete. */
const DeletedInquiryFiles = z.object({ attachmentBlobKeys: z.array(z.string().min(1)).default([]) });

/**
 * Deletes the stored bytes of a deleted inquiry's attachments once its deletion has committed.
 * Their metadata went in the same transaction as the inquiry; the bytes live outside the
 * database, so they go here, after commit. Deleting a missing blob is not an error, so a
 * redelivered event is harmless.
 */
@injectable()
export class DeleteAttachmentBlobs implements OutboxHandler {
  readonly name = "delete-attachment-blobs";
  readonly eventTypes = ["InquiryDeleted"] as const;

  constructor(@inject(TOKENS.BlobStore) private readonly blobs: BlobStore) {}

  async handle(message: OutboxMessage): Promise<void> {
    const { attachmentBlobKeys } = DeletedInquiryFiles.parse(message.payload);
    for (const key of attachmentBlobKeys) await this.blobs.delete(message.workspaceId, key);
  }
}
