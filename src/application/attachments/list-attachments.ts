import { inject, injectable } from "tsyringe";
import { type Attachment } from "../../domain/attachment/attachment.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

@injectable()
export class ListAttachments {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, inquiryId: string): Promise<Result<readonly Attachment[], Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      if (!(await tx.inquiries.findById(inquiryId))) return err(notFound("inquiry"));
      return ok(await tx.attachments.listByInquiry(inquiryId));
    });
  }
}
