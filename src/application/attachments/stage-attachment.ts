import { inject, injectable } from "tsyringe";
import { safeFilename } from "../../domain/attachment/attachment.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { BlobTooLargeError, type BlobContent, type BlobStore, type ContentSniffer } from "../ports/blob-store.js";
import type { IdGenerator } from "../ports/ids.js";
import { TOKENS } from "../tokens.js";
import { type StagedAttachment, type AttachmentTooLarge } from "./attachments.js";

/**
 * Streams one uploaded file into the blob store while it arrives, then names its type from its
 * first bytes. Staged files are attached in the transaction that records them, or discarded.
 */
@injectable()
export class StageAttachment {
  constructor(
    @inject(TOKENS.BlobStore) private readonly blobs: BlobStore,
    @inject(TOKENS.ContentSniffer) private readonly sniffer: ContentSniffer,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, filename: string | undefined, content: BlobContent, maxBytes: number): Promise<Result<StagedAttachment, AttachmentTooLarge>> {
    const id = this.ids.newId();
    const name = safeFilename(filename);
    try {
      const stored = await this.blobs.put(workspaceId, id, content, maxBytes);
      const contentType = await this.sniffer.sniff(stored.head);
      return ok({ id, workspaceId, filename: name, contentType, size: stored.size, sha256: stored.sha256 });
    } catch (error) {
      if (error instanceof BlobTooLargeError) return err({ code: "too_large", filename: name, maxBytes });
      await this.blobs.delete(workspaceId, id);
      throw error;
    }
  }
}
