import { inject, injectable } from "tsyringe";
import { type Attachment } from "../../domain/attachment/attachment.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { type BlobStore } from "../ports/blob-store.js";
import type { Clock } from "../ports/clock.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { type StagedAttachment, type AttachmentQuotas, quotaFailure, attachStagedIn, withStagedFiles } from "./attachments.js";

@injectable()
export class AttachToInquiry {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.BlobStore) private readonly blobs: BlobStore,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.AttachmentQuotas) private readonly quotas: AttachmentQuotas,
  ) {}

  async execute(workspaceId: string, inquiryId: string, staged: readonly StagedAttachment[]): Promise<Result<Attachment[], Failure>> {
    return withStagedFiles(this.blobs, staged, () =>
      this.uow.run(workspaceId, async (tx) => {
        if (!(await tx.inquiries.findById(inquiryId))) return err(notFound("inquiry"));
        const refused = await quotaFailure(tx, this.quotas, inquiryId, staged);
        if (refused) return err(refused);
        return ok(await attachStagedIn(tx, this.clock, inquiryId, staged));
      }),
    );
  }
}
