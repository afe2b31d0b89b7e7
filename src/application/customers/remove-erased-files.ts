import { inject, injectable } from "tsyringe";
import type { OutboxHandler } from "../outbox/outbox-handler.js";
import type { BlobStore } from "../ports/blob-store.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { MailArchive } from "../ports/personal-data.js";
import { TOKENS } from "../tokens.js";
import { ErasedFiles, removeErasedFiles } from "./erased-files.js";

/** Removes erased or expired files once more from `CustomerErased` / `RetentionApplied`, in case the process stopped before it could. */
@injectable()
export class RemoveErasedFiles implements OutboxHandler {
  readonly name = "remove-erased-files";
  readonly eventTypes = ["CustomerErased", "RetentionApplied"] as const;

  constructor(
    @inject(TOKENS.BlobStore) private readonly blobs: BlobStore,
    @inject(TOKENS.MailArchive) private readonly mails: MailArchive,
  ) {}

  async handle(message: OutboxMessage): Promise<void> {
    await removeErasedFiles(this.blobs, this.mails, message.workspaceId, ErasedFiles.parse(message.payload));
  }
}
