import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { type BlobStore } from "../ports/blob-store.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { type AttachmentDownload } from "./attachments.js";

@injectable()
export class OpenAttachment {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.BlobStore) private readonly blobs: BlobStore,
  ) {}

  async execute(workspaceId: string, inquiryId: string, attachmentId: string): Promise<Result<AttachmentDownload, Failure>> {
    const found = await this.uow.read(workspaceId, async (tx) => {
      const attachment = await tx.attachments.findById(attachmentId);
      return attachment && attachment.inquiryId === inquiryId && (await tx.inquiries.findById(inquiryId))
        ? ok(attachment)
        : err(notFound("attachment"));
    });
    if (!found.ok) return found;
    const content = await this.blobs.get(workspaceId, attachmentId);
    if (!content) return err(notFound("attachment content"));
    return ok({ attachment: found.value, content });
  }
}
