import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ACCOUNTING } from "../../src/application/accounting/accounting-store.js";
import type { UnitOfWork } from "../../src/application/ports/unit-of-work.js";
import { accountingMemoryStorage } from "../../src/adapters/memory/accounting/accounting-storage.js";
import { accountingPostgresStorage } from "../../src/adapters/postgres/accounting/accounting-storage.js";
import { MemoryUnitOfWork } from "../../src/adapters/memory/memory-unit-of-work.js";
import { accountingSqliteStorage } from "../../src/adapters/sqlite/accounting/accounting-storage.js";
import { SqliteDatabase } from "../../src/adapters/sqlite/sqlite-database.js";
import { SqliteUnitOfWork } from "../../src/adapters/sqlite/sqlite-unit-of-work.js";
import { newAccountingSync, type AccountingConnection } from "../../src/domain/accounting/accounting-sync.js";
import { buildQuoteDraft } from "../../src/domain/accounting/quote-draft.js";
import { err, ok } from "../../src/domain/shared/result.js";
import { postgresFeatureSubjects } from "../support/postgres-features.js";

type Subject = () => { uow: UnitOfWork; close: () => void | Promise<void> };

const postgres = postgresFeatureSubjects([accountingPostgresStorage]);
afterAll(() => postgres.drop());

const subjects: Array<[string, Subject]> = [
  ["memory", () => ({ uow: new MemoryUnitOfWork([accountingMemoryStorage]), close: () => undefined })],
  [
    "SQLite",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "leadport-accounting-contract-"));
      const database = new SqliteDatabase({ path: join(dir, "test.db"), features: [accountingSqliteStorage] });
      return {
        uow: new SqliteUnitOfWork(database, { features: [accountingSqliteStorage] }),
        close: () => {
          database.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  ["PostgreSQL", () => postgres.open()],
];

const syncOf = (inquiryId: string, customerId: string, at: string) =>
  newAccountingSync(
    buildQuoteDraft(
      {
        inquiryId,
        title: "Dach",
        category: null,
        expectedValueCents: 100,
        customer: { kind: "person", salutation: null, firstName: null, lastName: "Lang", companyName: null, email: null, phone: null, address: null },
      },
      19,
    ),
    { workspaceId: "ignored", customerId, provider: "lexoffice" },
    new Date(at),
  );

const connection = (workspaceId: string): AccountingConnection => ({
  workspaceId,
  provider: "lexoffice",
  token: "secret",
  state: "connected",
  brokenReason: null,
  brokenAt: null,
  vatRatePercent: 19,
  connectedAt: "2026-12-01T00:00:00.000Z",
  updatedAt: "2026-12-01T00:00:00.000Z",
});

describe.each(subjects)("accounting storage (%s)", (_name, subject) => {
  it("keeps one sync per inquiry, newest first, bound to its workspace", async () => {
    const { uow, close } = subject();
    try {
      await uow.run("ws-a", async (tx) => {
        const store = tx.use(ACCOUNTING);
        await store.saveConnection(connection("ws-a"));
        await store.saveSync(syncOf("i-1", "c-1", "2026-12-01T08:00:00Z"));
        await store.saveSync(syncOf("i-2", "c-2", "2026-12-01T09:00:00Z"));
        await store.saveSync({ ...syncOf("i-1", "c-1", "2026-12-01T08:00:00Z"), status: "sent", remoteQuoteId: "q-1" });
        return ok(undefined);
      });
      const a = await uow.read("ws-a", async (tx) => {
        const store = tx.use(ACCOUNTING);
        return ok({ all: await store.listSyncs(), one: await store.findSync("i-1"), ofCustomer: await store.listSyncsOfCustomer("c-2"), connection: await store.findConnection() });
      });
      expect(a.ok && a.value.all.map((sync) => sync.inquiryId)).toEqual(["i-2", "i-1"]);
      expect(a.ok && a.value.one).toMatchObject({ status: "sent", remoteQuoteId: "q-1", workspaceId: "ws-a" });
      expect(a.ok && a.value.ofCustomer.map((sync) => sync.inquiryId)).toEqual(["i-2"]);
      expect(a.ok && a.value.connection?.token).toBe("secret");

      const b = await uow.read("ws-b", async (tx) => {
        const store = tx.use(ACCOUNTING);
        return ok({ all: await store.listSyncs(), one: await store.findSync("i-1"), connection: await store.findConnection(), proto: await store.findSync("__proto__") });
      });
      expect(b.ok && b.value).toEqual({ all: [], one: null, connection: null, proto: null });
    } finally {
      await close();
    }
  });

  it("writes nothing when the transaction fails", async () => {
    const { uow, close } = subject();
    try {
      await uow.run("ws-a", async (tx) => {
        await tx.use(ACCOUNTING).saveSync(syncOf("i-1", "c-1", "2026-12-01T08:00:00Z"));
        return err("refused");
      });
      const read = await uow.read("ws-a", async (tx) => ok(await tx.use(ACCOUNTING).findSync("i-1")));
      expect(read.ok && read.value).toBeNull();
    } finally {
      await close();
    }
  });
});
