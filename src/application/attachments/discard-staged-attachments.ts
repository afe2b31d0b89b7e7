import { inject, injectable } from "tsyringe";
import { type BlobStore } from "../ports/blob-store.js";
import { TOKENS } from "../tokens.js";
import { type StagedAttachment, discardStaged } from "./attachments.js";

/** Removes the bytes of staged files whose request failed, so no orphan blob remains. */
@injectable()
export class DiscardStagedAttachments {
  constructor(@inject(TOKENS.BlobStore) private readonly blobs: BlobStore) {}

  async execute(staged: readonly StagedAttachment[]): Promise<void> {
    await discardStaged(this.blobs, staged);
  }
}
