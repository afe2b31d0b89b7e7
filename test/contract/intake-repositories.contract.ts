import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Page, PagePosition, PageRequest } from "../../src/application/ports/pagination.js";
import type { UnitOfWork, WorkspaceTransaction } from "../../src/application/ports/unit-of-work.js";
import type { Attachment } from "../../src/domain/attachment/attachment.js";
import { newOrder, type WebOrder } from "../../src/domain/order/order.js";
import { ok } from "../../src/domain/shared/result.js";
import { newTicket, type Ticket } from "../../src/domain/ticket/ticket.js";
import type { Workspace } from "../../src/domain/workspace/workspace.js";
import { aCustomer, anInquiry, at, nextId } from "../support/fixtures.js";
import { openWithTwoWorkspaces, type ContractSubject } from "./unit-of-work.contract.js";

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

const aTicket = (workspaceId: string, customerId: string | null = null, minute = 3): Ticket =>
  must(newTicket({ id: nextId("tic"), workspaceId, customerId, now: at(minute) }, { email: "kunde@example.org", message: "Bitte um Rückruf" }));

const anOrder = (workspaceId: string, customerId: string | null = null, minute = 3): WebOrder =>
  must(newOrder({ id: nextId("ord"), workspaceId, customerId, now: at(minute) }, { email: "kunde@example.org", totalEuros: 49.9 }));

const anAttachment = (workspaceId: string, inquiryId: string, minute = 4): Attachment => ({
  id: nextId("att"),
  workspaceId,
  inquiryId,
  filename: "Grundriss.pdf",
  contentType: "application/pdf",
  size: 1234,
  sha256: "ab".repeat(32),
  createdAt: at(minute).toISOString(),
});

/** What the suite needs of tickets and orders alike: both are records with a status and an optional customer. */
interface StatusRecord {
  readonly id: string;
  readonly status: string;
  readonly workspaceId: string;
}
interface StatusRepository {
  findById(id: string): Promise<StatusRecord | null>;
  insert(record: StatusRecord): Promise<void>;
  update(record: StatusRecord): Promise<void>;
  list(query: { status?: string; customerId?: string }, page: PageRequest): Promise<Page<StatusRecord>>;
}

/** Tickets, web orders and attachment metadata: what every storage adapter must do with them. */
export function describeIntakeRepositoryContract(adapter: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`${adapter} intake storage contract`, () => {
    let subject: ContractSubject;
    let uow: UnitOfWork;
    let mine: Workspace;
    let theirs: Workspace;

    const inWorkspace = async <T>(workspace: Workspace, work: (tx: WorkspaceTransaction) => Promise<T>): Promise<T> =>
      must(await uow.run(workspace.id, async (tx) => ok(await work(tx))));
    const inMine = <T>(work: (tx: WorkspaceTransaction) => Promise<T>) => inWorkspace(mine, work);

    beforeEach(async () => {
      ({ subject, uow, mine, theirs } = await openWithTwoWorkspaces(makeSubject));
    });

    afterEach(async () => {
      await subject.close();
    });

    const statusRepositories = [
      { name: "tickets", repo: (tx: WorkspaceTransaction) => tx.tickets as unknown as StatusRepository, make: aTicket, done: "closed" },
      { name: "orders", repo: (tx: WorkspaceTransaction) => tx.orders as unknown as StatusRepository, make: anOrder, done: "accepted" },
    ] as const;

    for (const { name, repo, make, done } of statusRepositories) {
      describe(name, () => {
        it("stores, finds and updates a record", async () => {
          const record = make(mine.id);
          await inMine((tx) => repo(tx).insert(record));
          expect(await inMine((tx) => repo(tx).findById(record.id))).toEqual(record);
          const changed = { ...record, status: done, updatedAt: at(9).toISOString() };
          await inMine((tx) => repo(tx).update(changed));
          expect(await inMine((tx) => repo(tx).findById(record.id))).toEqual(changed);
        });

        it("filters by status and customer, newest first", async () => {
          const customer = aCustomer(mine.id);
          const linked = make(mine.id, customer.id, 5);
          const unlinked = make(mine.id, null, 6);
          const finished = { ...make(mine.id, null, 7), status: done };
          await inMine(async (tx) => {
            await tx.customers.insert(customer);
            for (const record of [linked, unlinked, finished]) await repo(tx).insert(record);
          });
          const ids = async (query: { status?: string; customerId?: string }) =>
            (await inMine((tx) => repo(tx).list(query, { limit: 50, after: null }))).items.map((r) => r.id);
          expect(await ids({})).toEqual([finished.id, unlinked.id, linked.id]);
          expect(await ids({ status: done })).toEqual([finished.id]);
          expect(await ids({ customerId: customer.id })).toEqual([linked.id]);
        });

        it("pages through records created in the same instant without skipping or repeating", async () => {
          const batch = Array.from({ length: 5 }, () => make(mine.id, null, 8));
          await inMine(async (tx) => {
            for (const record of batch) await repo(tx).insert(record);
          });
          const seen: string[] = [];
          let after: PagePosition | null = null;
          do {
            const position: PagePosition | null = after;
            const page: Page<StatusRecord> = await inMine((tx) => repo(tx).list({}, { limit: 2, after: position }));
            seen.push(...page.items.map((r) => r.id));
            after = page.next;
          } while (after);
          expect(seen.sort()).toEqual(batch.map((r) => r.id).sort());
        });

        it("hides another workspace's records from reads, lists and updates", async () => {
          const record = make(theirs.id);
          await inWorkspace(theirs, (tx) => repo(tx).insert(record));
          expect(await inMine((tx) => repo(tx).findById(record.id))).toBeNull();
          expect((await inMine((tx) => repo(tx).list({}, { limit: 50, after: null }))).items).toEqual([]);
          await inMine((tx) => repo(tx).update({ ...record, workspaceId: mine.id, status: done }));
          expect((await inWorkspace(theirs, (tx) => repo(tx).findById(record.id)))?.status).toBe(record.status);
        });

        it("rolls back with the transaction", async () => {
          const record = make(mine.id);
          await uow.run(mine.id, async (tx) => {
            await repo(tx).insert(record);
            return { ok: false, error: "abort" } as const;
          });
          expect(await inMine((tx) => repo(tx).findById(record.id))).toBeNull();
        });
      });
    }

    describe("attachments", () => {
      it("stores metadata and lists an inquiry's attachments oldest first", async () => {
        const customer = aCustomer(mine.id);
        const inquiry = anInquiry(mine.id, customer.id);
        const other = anInquiry(mine.id, customer.id);
        const second = anAttachment(mine.id, inquiry.id, 6);
        const first = anAttachment(mine.id, inquiry.id, 5);
        const elsewhere = anAttachment(mine.id, other.id, 5);
        await inMine(async (tx) => {
          await tx.customers.insert(customer);
          await tx.inquiries.insert(inquiry);
          await tx.inquiries.insert(other);
          for (const attachment of [second, first, elsewhere]) await tx.attachments.insert(attachment);
        });
        expect(await inMine((tx) => tx.attachments.findById(first.id))).toEqual(first);
        expect(await inMine((tx) => tx.attachments.listByInquiry(inquiry.id))).toEqual([first, second]);
      });

      it("never shows one workspace's attachments to another", async () => {
        const attachment = anAttachment(theirs.id, "inq-theirs");
        await inWorkspace(theirs, (tx) => tx.attachments.insert(attachment));
        expect(await inMine((tx) => tx.attachments.findById(attachment.id))).toBeNull();
        expect(await inMine((tx) => tx.attachments.listByInquiry("inq-theirs"))).toEqual([]);
      });

      it("deletes exactly one inquiry's attachments, only in its own workspace, and rolls back with the transaction", async () => {
        const doomed = [anAttachment(mine.id, "inq-doomed", 5), anAttachment(mine.id, "inq-doomed", 6)];
        const sibling = anAttachment(mine.id, "inq-kept");
        const sameIdTheirs = anAttachment(theirs.id, "inq-doomed");
        await inMine(async (tx) => {
          for (const attachment of [...doomed, sibling]) await tx.attachments.insert(attachment);
        });
        await inWorkspace(theirs, (tx) => tx.attachments.insert(sameIdTheirs));

        await uow.run(mine.id, async (tx) => {
          await tx.attachments.deleteByInquiry("inq-doomed");
          return { ok: false, error: "abort" } as const;
        });
        expect(await inMine((tx) => tx.attachments.listByInquiry("inq-doomed"))).toEqual(doomed);

        await inMine((tx) => tx.attachments.deleteByInquiry("inq-doomed"));
        expect(await inMine((tx) => tx.attachments.listByInquiry("inq-doomed"))).toEqual([]);
        expect(await inMine((tx) => tx.attachments.findById(doomed[0]!.id))).toBeNull();
        expect(await inMine((tx) => tx.attachments.listByInquiry("inq-kept"))).toEqual([sibling]);
        expect(await inWorkspace(theirs, (tx) => tx.attachments.listByInquiry("inq-doomed"))).toEqual([sameIdTheirs]);
        await inMine((tx) => tx.attachments.deleteByInquiry("inq-none"));
      });
    });
  });
}
