import { inject, injectable } from "tsyringe";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

@injectable()
export class GetInquiry {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, inquiryId: string): Promise<Result<Inquiry, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const inquiry = await tx.inquiries.findById(inquiryId);
      return inquiry ? ok(inquiry) : err(notFound("inquiry"));
    });
  }
}
