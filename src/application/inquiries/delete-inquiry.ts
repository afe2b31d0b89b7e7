import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { TOKENS } from "../tokens.js";

@injectable()
export class DeleteInquiry {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, inquiryId: string): Promise<Result<void, Failure>> {
    return this.uow.run(workspaceId, async (tx) => {
      const inquiry = await tx.inquiries.findById(inquiryId);
      if (!inquiry) return err(notFound("inquiry"));
      const attachments = await tx.attachments.listByInquiry(inquiryId);
      await tx.attachments.deleteByInquiry(inquiryId);
      await tx.inquiries.delete(inquiryId);
      // The files themselves are deleted after commit from this event (DeleteAttachmentBlobs):
      // a rollback then never leaves an inquiry whose files are gone.
      await tx.outbox.add(
        domainEvent(this.ids, this.clock, workspaceId, "InquiryDeleted", inquiryId, {
          inquiryId,
          customerId: inquiry.customerId,
          title: inquiry.title,
          attachmentBlobKeys: attachments.map((attachment) => attachment.id),
        }),
      );
      return ok(undefined);
    });
  }
}
