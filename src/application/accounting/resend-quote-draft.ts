import { inject, injectable } from "tsyringe";
import { readyToResend, resendRefusal } from "../../domain/accounting/accounting-sync.js";
import { conflict, notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { TOKENS } from "../tokens.js";
import { ACCOUNTING } from "./accounting-store.js";
import { toSyncView, type AccountingSyncView } from "./accounting-view.js";
import { draftOfInquiry } from "./draft-of-inquiry.js";

/**
 * Sends a refused quote draft again once staff corrected the inquiry, its customer or the
 * connection's VAT rate: the draft is built anew from the current data and the sync goes back to
 * `pending`, and `AccountingSendRequested` (same transaction) has the outbox send it, like every
 * other draft. Conflicts (not won, nothing refused) are `conflict` failures whose message says why.
 */
@injectable()
export class ResendQuoteDraft {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  execute(workspaceId: string, inquiryId: string): Promise<Result<AccountingSyncView, Failure>> {
    return this.uow.run(workspaceId, async (tx) => {
      const inquiry = await tx.inquiries.findById(inquiryId);
      if (!inquiry) return err(notFound("inquiry"));
      const refuse = (why: string) => err(conflict(`The quote draft of inquiry ${inquiryId} cannot be sent again: ${why}`));
      if (inquiry.wonAt === null) return refuse("the inquiry is not won");
      const store = tx.use(ACCOUNTING);
      const [sync, connection] = [await store.findSync(inquiryId), await store.findConnection()];
      if (!sync || !connection) return refuse("it was never sent; send the wins from before connecting with `leadport accounting send-won`");
      const refusal = resendRefusal(sync);
      if (refusal) return refuse(refusal);
      const built = await draftOfInquiry(tx, inquiry, connection);
      if (!built) return refuse("the inquiry has no customer");
      const ready = readyToResend(sync, built.draft, built.customerId, this.clock.now());
      await store.saveSync(ready);
      await tx.outbox.add(domainEvent(this.ids, this.clock, workspaceId, "AccountingSendRequested", inquiryId, { trigger: "resend" }));
      return ok(toSyncView(ready));
    });
  }
}
