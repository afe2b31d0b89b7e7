import { inject, injectable } from "tsyringe";
import { type Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { ACCOUNTING } from "./accounting-store.js";
import { toConnectionView, toSyncView, type AccountingStatusView } from "./accounting-view.js";

/** The workspace's connection (without its token) and every quote draft with its state. */
@injectable()
export class GetAccountingStatus {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  execute(workspaceId: string): Promise<Result<AccountingStatusView, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const store = tx.use(ACCOUNTING);
      const connection = await store.findConnection();
      const syncs = (await store.listSyncs()).map(toSyncView);
      const counts: Record<string, number> = { pending: 0, sent: 0, failed: 0, needs_review: 0 };
      for (const sync of syncs) counts[sync.status] = (counts[sync.status] ?? 0) + 1;
      return ok({ connection: connection ? toConnectionView(connection) : null, counts, syncs });
    });
  }
}
