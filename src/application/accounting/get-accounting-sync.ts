import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { ACCOUNTING } from "./accounting-store.js";
import { noSyncView, toSyncView, type AccountingSyncView } from "./accounting-view.js";

/** What was sent to the accounting system for one inquiry of the workspace (another workspace's is not found). */
@injectable()
export class GetAccountingSync {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  execute(workspaceId: string, inquiryId: string): Promise<Result<AccountingSyncView, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const store = tx.use(ACCOUNTING);
      const sync = await store.findSync(inquiryId);
      if (sync) return ok(toSyncView(sync));
      const inquiry = await tx.inquiries.findById(inquiryId);
      if (!inquiry) return err(notFound("inquiry"));
      const connection = await store.findConnection();
      // Won and connected, but the outbox has not delivered the win yet.
      const queued = inquiry.wonAt !== null && connection !== null;
      return ok(noSyncView(inquiryId, queued ? "pending" : "none", connection?.provider ?? null));
    });
  }
}
