import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ok } from "../../../src/domain/shared/result.js";
import type { Clock } from "../../../src/application/ports/clock.js";
import type { UnitOfWork } from "../../../src/application/ports/unit-of-work.js";
import { TOKENS } from "../../../src/application/tokens.js";
import { ACCOUNTING } from "../../../src/application/accounting/accounting-store.js";
import { ConnectAccounting } from "../../../src/application/accounting/connect-accounting.js";
import { GetAccountingSync } from "../../../src/application/accounting/get-accounting-sync.js";
import { compose, resolveUseCases, type Composition, type StorageChoice } from "../../../src/hosts/container.js";
import { defaultNotificationConfig } from "../../../src/hosts/notification-config.js";
import type { CreateInquiryInput } from "../../../src/application/inquiries/inquiry-schemas.js";
import { testStorage } from "../../support/test-database.js";

/** A clock the test moves, so outbox backoffs pass without waiting. */
export class SteppingClock implements Clock {
  constructor(private current = Date.parse("2026-12-01T08:00:00Z")) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export interface AccountingWorld {
  readonly composition: Composition;
  readonly useCases: ReturnType<typeof resolveUseCases>;
  readonly clock: SteppingClock;
  readonly dataDir: string;
  readonly workspaceId: string;
  connect(token: string): ReturnType<ConnectAccounting["execute"]>;
  sync(inquiryId: string): ReturnType<GetAccountingSync["execute"]>;
  createInquiry(input: CreateInquiryInput): Promise<string>;
  win(inquiryId: string, status?: string): Promise<void>;
  /** Runs dispatch passes, moving the clock past every backoff, until nothing is due or `passes` ran. */
  dispatch(passes?: number): Promise<void>;
  close(): void;
}

export async function accountingWorld(storage: "memory" | "sqlite", lexofficeUrl: string, existing?: { dataDir: string; clock: SteppingClock }): Promise<AccountingWorld> {
  const dataDir = existing?.dataDir ?? mkdtempSync(join(tmpdir(), "leadport-accounting-"));
  const clock = existing?.clock ?? new SteppingClock();
  const choice: StorageChoice = storage === "memory" ? { kind: "memory" } : testStorage(join(dataDir, "leadport.db"));
  const build = () =>
    compose({
      storage: choice,
      clock,
      dataDir,
      notifications: { ...defaultNotificationConfig(dataDir), mailDirectory: join(dataDir, "mail") },
      env: { LEADPORT_LEXOFFICE_URL: lexofficeUrl, LEADPORT_LEXOFFICE_TIMEOUT_MS: "1500" },
    });
  const composition = build();
  const useCases = resolveUseCases(composition.container);
  const opened = await useCases.openWorkspace.execute("default");
  if (!opened.ok) throw new Error("workspace");
  const workspaceId = opened.value.workspace.id;
  const world: AccountingWorld = {
    composition,
    useCases,
    clock,
    dataDir,
    workspaceId,
    connect: (token) => composition.container.resolve(ConnectAccounting).execute(workspaceId, { provider: "lexoffice", token }),
    sync: (inquiryId) => composition.container.resolve(GetAccountingSync).execute(workspaceId, inquiryId),
    createInquiry: async (input) => {
      const created = await useCases.createInquiry.execute(workspaceId, input);
      if (!created.ok) throw new Error(created.error.message);
      return created.value.inquiry.id;
    },
    win: async (inquiryId, status = "Gewonnen") => {
      const updated = await useCases.updateInquiry.execute(workspaceId, inquiryId, { status });
      if (!updated.ok) throw new Error(updated.error.message);
    },
    dispatch: async (passes = 1) => {
      for (let pass = 0; pass < passes; pass += 1) {
        await useCases.dispatchOutbox.execute();
        clock.advance(2 * 3_600_000);
      }
    },
    close: () => composition.close(),
  };
  return world;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The stored connection as the storage holds it (the token included), for assertions. */
export async function storedConnection(world: AccountingWorld) {
  const unitOfWork = world.composition.container.resolve<UnitOfWork>(TOKENS.UnitOfWork);
  const read = await unitOfWork.read(world.workspaceId, async (tx) => ok(await tx.use(ACCOUNTING).findConnection()));
  return read.ok ? read.value : null;
}
