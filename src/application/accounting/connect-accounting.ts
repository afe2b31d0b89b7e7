import { inject, injectable } from "tsyringe";
import { z } from "zod";
import { ACCOUNTING_PROVIDERS, type AccountingConnection } from "../../domain/accounting/accounting-sync.js";
import { DEFAULT_VAT_RATE_PERCENT, isVatRatePercent } from "../../domain/accounting/quote-draft.js";
import { invalid, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { ACCOUNTING } from "./accounting-store.js";
import { AccountingAuthRejected, type AccountingSystems } from "./accounting-system.js";
import { ACCOUNTING_TOKENS } from "./accounting-tokens.js";
import { toConnectionView, type AccountingConnectionViewOut } from "./accounting-view.js";

export const ConnectAccountingInput = z.strictObject({
  provider: z.enum(ACCOUNTING_PROVIDERS),
  token: z.string().trim().min(1).max(500).regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces").optional(),
  vatRatePercent: z.number().refine(isVatRatePercent, "must be a percentage from 0 to 100 with at most two decimals").optional(),
});
export type ConnectAccountingInput = z.input<typeof ConnectAccountingInput>;

/**
 * Connects (or reconnects) the workspace's accounting system. The token is tried with a test
 * call first and refused with the reason when it fails; nothing is stored then. A successful
 * connection records `AccountingConnected`, which sends the drafts that waited for it.
 */
@injectable()
export class ConnectAccounting {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(ACCOUNTING_TOKENS.Systems) private readonly systems: AccountingSystems,
  ) {}

  async execute(workspaceId: string, input: ConnectAccountingInput): Promise<Result<AccountingConnectionViewOut, Failure>> {
    const parsed = parseInput(ConnectAccountingInput, input);
    if (!parsed.ok) return parsed;
    const { provider, vatRatePercent } = parsed.value;
    const token = parsed.value.token ?? null;
    if (provider === "lexoffice" && token === null) return err(invalid("token", "is required for lexoffice"));
    if (provider === "file" && token !== null) return err(invalid("token", "is not used by the file provider"));
    if (!this.systems.providers.includes(provider)) return err(invalid("provider", "is not available in this installation"));
    // Outside the transaction: a remote call must not hold the write lock.
    const refused = await this.systems
      .open({ provider, token, workspaceId })
      .verify()
      .then(() => null)
      .catch((error: unknown) =>
        error instanceof AccountingAuthRejected ? `was refused by the accounting system (${error.message})` : `could not be checked: ${error instanceof Error ? error.message : String(error)}`,
      );
    if (refused) return err(invalid("token", refused));
    return this.uow.run(workspaceId, async (tx) => {
      const store = tx.use(ACCOUNTING);
      const now = this.clock.now().toISOString();
      const current = await store.findConnection();
      const connection: AccountingConnection = {
        workspaceId,
        provider,
        token,
        state: "connected",
        brokenReason: null,
        brokenAt: null,
        vatRatePercent: vatRatePercent ?? current?.vatRatePercent ?? DEFAULT_VAT_RATE_PERCENT,
        connectedAt: now,
        updatedAt: now,
      };
      await store.saveConnection(connection);
      await tx.outbox.add(domainEvent(this.ids, this.clock, workspaceId, "AccountingConnected", workspaceId, { provider, vatRatePercent: connection.vatRatePercent }));
      return ok(toConnectionView(connection));
    });
  }
}
