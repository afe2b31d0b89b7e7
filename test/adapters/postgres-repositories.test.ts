import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PostgresDatabase, type Sql } from "../../src/adapters/postgres/postgres-database.js";
import { postgresIdempotencyRecords } from "../../src/adapters/postgres/postgres-idempotency-records.js";
import { postgresAttachments, postgresStatusRecords } from "../../src/adapters/postgres/postgres-intake-repositories.js";
import {
  postgresNotificationRepository,
  postgresOutboxQueue,
  postgresStaffRepository,
} from "../../src/adapters/postgres/postgres-notification-repositories.js";
import { PostgresStorageScrubber, postgresPersonalData } from "../../src/adapters/postgres/postgres-personal-data.js";
import { postgresSigningKeys } from "../../src/adapters/postgres/postgres-signing-keys.js";
import type { OutboxQueue } from "../../src/application/ports/outbox-queue.js";
import type { Page, PagePosition } from "../../src/application/ports/pagination.js";
import type { Attachment } from "../../src/domain/attachment/attachment.js";
import type { Customer } from "../../src/domain/customer/customer.js";
import { newIdempotencyClaim } from "../../src/domain/idempotency/idempotency.js";
import type { Notification } from "../../src/domain/notifications/notification.js";
import { newOrder, type OrderStatus, type WebOrder } from "../../src/domain/order/order.js";
import { newStaffMember, type StaffMember } from "../../src/domain/staff/staff.js";
import { newTicket, type Ticket, type TicketStatus } from "../../src/domain/ticket/ticket.js";
import type { Workspace } from "../../src/domain/workspace/workspace.js";
import { aCustomer, aWorkspace, at, nextId } from "../support/fixtures.js";
import { POSTGRES_TEST_URL, postgresTestDatabase } from "../support/postgres.js";

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

const aTicket = (workspaceId: string, customerId: string | null = null, minute = 3, email = "kunde@example.org"): Ticket =>
  must(newTicket({ id: nextId("tic"), workspaceId, customerId, now: at(minute) }, { email, message: "Bitte um Rückruf" }));
const anOrder = (workspaceId: string, customerId: string | null = null, minute = 3, email = "kunde@example.org"): WebOrder =>
  must(newOrder({ id: nextId("ord"), workspaceId, customerId, now: at(minute) }, { email, totalEuros: 49.9 }));
const anAttachment = (workspaceId: string, inquiryId: string, minute = 4, size = 1234): Attachment => ({
  id: nextId("att"),
  workspaceId,
  inquiryId,
  filename: "Grundriss.pdf",
  contentType: "application/pdf",
  size,
  sha256: "ab".repeat(32),
  createdAt: at(minute).toISOString(),
});
const staffIn = (workspace: Workspace, email = "anna@firma.de", minute = 1): StaffMember =>
  newStaffMember(nextId("staff"), workspace.id, { name: "Anna", email }, at(minute));
const notificationFor = (member: StaffMember, eventId: string, minute = 2, link = "/api/v1/orders/o1"): Notification => ({
  id: nextId("ntf"),
  workspaceId: member.workspaceId,
  staffId: member.id,
  eventId,
  kind: "order_received",
  title: "Neue Bestellung!",
  body: "",
  link,
  pageUrl: null,
  readAt: null,
  createdAt: at(minute).toISOString(),
});

describe("PostgreSQL repositories", () => {
  let opened: ReturnType<typeof postgresTestDatabase>;
  let database: PostgresDatabase;
  const mine = aWorkspace("mine");
  const theirs = aWorkspace("theirs");

  const inTx = <T>(work: (sql: Sql) => Promise<T>) => database.transaction(work);
  const insertWorkspace = (sql: Sql, workspace: Workspace) =>
    sql.exec("INSERT INTO workspaces (id, name, created_at, data) VALUES ($1, $2, $3, $4)", [workspace.id, workspace.name, workspace.createdAt, JSON.stringify(workspace)]);
  const insertCustomer = (sql: Sql, customer: Customer) =>
    sql.exec("INSERT INTO customers (id, workspace_id, email_key, name_key, search_text, created_at, data) VALUES ($1, $2, $3, $4, '', $5, $6)", [
      customer.id,
      customer.workspaceId,
      customer.emailKey,
      customer.nameKey,
      customer.createdAt,
      JSON.stringify(customer),
    ]);
  /** What Outbox.add of the unit of work writes: due at once. */
  const addEvent = (sql: Sql, workspaceId: string, minute: number, aggregateId = "o1", payload: Record<string, unknown> = { order: { id: "o1" } }) => {
    const id = nextId("evt");
    const occurredAt = at(minute).toISOString();
    return sql
      .exec("INSERT INTO outbox (id, workspace_id, type, aggregate_id, occurred_at, payload, next_attempt_at) VALUES ($1, $2, 'OrderReceived', $3, $4, $5, $4)", [
        id,
        workspaceId,
        aggregateId,
        occurredAt,
        JSON.stringify(payload),
      ])
      .then(() => id);
  };

  beforeAll(async () => {
    opened = postgresTestDatabase();
    database = opened.database;
    await inTx(async (sql) => {
      await insertWorkspace(sql, mine);
      await insertWorkspace(sql, theirs);
    });
  });

  afterAll(async () => {
    await opened.drop();
  });

  describe("outbox queue", () => {
    const queue = <T>(work: (q: OutboxQueue) => Promise<T>) => inTx((sql) => work(postgresOutboxQueue(sql)));
    const claim = (token: string, nowMinute: number, leaseMinute: number, limit = 10) =>
      queue((q) => q.claimDue({ now: at(nowMinute).toISOString(), leaseUntil: at(leaseMinute).toISOString(), limit, token }));
    const add = (workspace: Workspace, minute: number) => inTx((sql) => addEvent(sql, workspace.id, minute));

    beforeEach(async () => {
      await inTx((sql) => sql.exec("DELETE FROM outbox"));
    });

    it("claims due messages of every workspace oldest first, counting the attempt and hiding them for the lease", async () => {
      const second = await add(theirs, 2);
      const first = await add(mine, 1);
      await add(mine, 30);
      const claimed = await claim("t1", 5, 10);
      expect(claimed.map((m) => [m.id, m.attempts, m.status, m.type, m.workspaceId])).toEqual([
        [first, 1, "pending", "OrderReceived", mine.id],
        [second, 1, "pending", "OrderReceived", theirs.id],
      ]);
      expect(claimed[0]).toMatchObject({ payload: { order: { id: "o1" } }, nextAttemptAt: at(10).toISOString(), lastError: null, processedAt: null });
      expect(await claim("t2", 6, 11)).toEqual([]);
      expect((await claim("t3", 10, 20, 1)).map((m) => [m.id, m.attempts])).toEqual([[first, 2]]);
    });

    it("returns a claimed batch oldest first whatever order the rows were updated in", async () => {
      const ids = [];
      for (const minute of [9, 3, 7, 1, 5]) ids.push(await add(mine, minute));
      const claimed = await claim("t", 10, 20);
      expect(claimed.map((m) => m.occurredAt)).toEqual([1, 3, 5, 7, 9].map((minute) => at(minute).toISOString()));
    });

    it("completes only with the current claim", async () => {
      const event = await add(mine, 1);
      await claim("old", 1, 2);
      await claim("new", 2, 3);
      expect(await queue((q) => q.completeAll([event], "old", at(3).toISOString()))).toBe(0);
      expect(await queue((q) => q.release([event], "old", at(3).toISOString()))).toBe(0);
      expect(await queue((q) => q.recordFailure(event, "old", { status: "failed", nextAttemptAt: at(3).toISOString(), lastError: "x" }))).toBe(false);
      expect(await queue((q) => q.completeAll([event], "new", at(3).toISOString()))).toBe(1);
      expect(await queue((q) => q.findById(event))).toMatchObject({ status: "done", processedAt: at(3).toISOString(), attempts: 2 });
      expect(await queue((q) => q.completeAll([event], "new", at(4).toISOString()))).toBe(0);
      expect(await claim("later", 50, 60)).toEqual([]);
    });

    it("completes many claimed messages at once and hands unattempted ones back due at once", async () => {
      const events = [await add(mine, 1), await add(mine, 2), await add(theirs, 3)];
      await claim("t", 5, 60);
      expect(await queue((q) => q.completeAll([events[0]!, events[1]!, "missing"], "t", at(6).toISOString()))).toBe(2);
      expect(await queue((q) => q.release([events[2]!], "t", at(7).toISOString()))).toBe(1);
      expect(await queue((q) => q.findById(events[2]!))).toMatchObject({ attempts: 0, nextAttemptAt: at(7).toISOString() });
      expect((await claim("t2", 7, 60)).map((m) => [m.id, m.attempts])).toEqual([[events[2]!, 1]]);
    });

    it("purges delivered messages older than the cut-off, at most `limit`, and keeps dead letters, pending ones and kept types", async () => {
      const [old, older, recent, dead, pending] = [await add(mine, 1), await add(mine, 2), await add(mine, 3), await add(theirs, 4), await add(mine, 5)];
      await claim("t", 5, 6, 4);
      await queue((q) => q.completeAll([old!, older!], "t", at(10).toISOString()));
      await queue((q) => q.completeAll([recent!], "t", at(30).toISOString()));
      await queue((q) => q.recordFailure(dead!, "t", { status: "failed", nextAttemptAt: at(11).toISOString(), lastError: "x" }));
      expect(await queue((q) => q.purgeDelivered(at(20).toISOString(), 100, ["OrderReceived"]))).toBe(0);
      expect(await queue((q) => q.purgeDelivered(at(20).toISOString(), 1, ["InquiryCreated"]))).toBe(1);
      expect(await queue((q) => q.purgeDelivered(at(20).toISOString(), 100, []))).toBe(1);
      expect(await queue((q) => q.purgeDelivered(at(20).toISOString(), 100, []))).toBe(0);
      for (const gone of [old!, older!]) expect(await queue((q) => q.findById(gone))).toBeNull();
      for (const kept of [recent!, dead!, pending!]) expect(await queue((q) => q.findById(kept))).not.toBeNull();
    });

    it("records failures for a retry later or as a dead letter, and requeues dead letters", async () => {
      const retried = await add(mine, 1);
      const dead = await add(mine, 2);
      await claim("t", 5, 6);
      expect(await queue((q) => q.recordFailure(retried, "t", { status: "pending", nextAttemptAt: at(20).toISOString(), lastError: "SMTP down" }))).toBe(true);
      expect(await queue((q) => q.recordFailure(dead, "t", { status: "failed", nextAttemptAt: at(6).toISOString(), lastError: "rejected" }))).toBe(true);
      expect(await queue((q) => q.findById(retried))).toMatchObject({ status: "pending", attempts: 1, lastError: "SMTP down", processedAt: null });
      expect(await queue((q) => q.findById(dead))).toMatchObject({ status: "failed", processedAt: at(6).toISOString() });
      expect(await claim("t2", 19, 30)).toEqual([]);
      expect((await claim("t2", 20, 90)).map((m) => m.id)).toEqual([retried]);
      expect((await queue((q) => q.list({ status: "failed", limit: 10 }))).map((m) => [m.id, m.lastError])).toEqual([[dead, "rejected"]]);
      expect(await queue((q) => q.requeueFailed(retried, at(40).toISOString()))).toBe(false);
      expect(await queue((q) => q.requeueFailed(dead, at(40).toISOString()))).toBe(true);
      expect(await queue((q) => q.findById(dead))).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: at(40).toISOString(), processedAt: null });
      expect((await claim("t3", 40, 50)).map((m) => m.id)).toEqual([dead]);
    });

    it("lists newest first, by status, and requeues all dead letters at once", async () => {
      const events = [await add(mine, 1), await add(mine, 2), await add(theirs, 3)];
      await claim("t", 5, 6);
      for (const event of events) {
        await queue((q) => q.recordFailure(event, "t", { status: "failed", nextAttemptAt: at(6).toISOString(), lastError: "x" }));
      }
      expect((await queue((q) => q.list({ limit: 2 }))).map((m) => m.id)).toEqual([events[2], events[1]]);
      expect(await queue((q) => q.list({ status: "pending", limit: 10 }))).toEqual([]);
      expect(await queue((q) => q.requeueAllFailed(at(7).toISOString()))).toBe(3);
      expect(await queue((q) => q.list({ status: "pending", limit: 10 }))).toHaveLength(3);
      expect(await queue((q) => q.requeueAllFailed(at(7).toISOString()))).toBe(0);
    });

    it("forgets a claim when the transaction that made it rolls back", async () => {
      const event = await add(mine, 1);
      await expect(
        inTx(async (sql) => {
          await postgresOutboxQueue(sql).claimDue({ now: at(5).toISOString(), leaseUntil: at(60).toISOString(), limit: 10, token: "t" });
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      expect((await claim("t2", 5, 6)).map((m) => [m.id, m.attempts])).toEqual([[event, 1]]);
    });

    it("hands every message to exactly one of the dispatchers of two instances claiming at once", async () => {
      await inTx(async (sql) => {
        for (let i = 0; i < 100; i++) await addEvent(sql, i % 2 === 0 ? mine.id : theirs.id, i % 7);
      });
      const instances = [0, 1].map(() => new PostgresDatabase({ url: POSTGRES_TEST_URL, schema: opened.schema, poolSize: 3, migrate: false }));
      try {
        const claimedBy = new Map<string, string[]>();
        const dispatcher = async (instance: PostgresDatabase, name: string) => {
          for (let batch = 0; ; batch++) {
            const token = `${name}-${batch}`;
            const claimed = await instance.transaction((sql) =>
              postgresOutboxQueue(sql).claimDue({ now: at(10).toISOString(), leaseUntil: at(50).toISOString(), limit: 7, token }),
            );
            if (claimed.length === 0) return;
            for (const message of claimed) claimedBy.set(message.id, [...(claimedBy.get(message.id) ?? []), token]);
            const ids = claimed.map((m) => m.id);
            expect(await instance.transaction((sql) => postgresOutboxQueue(sql).completeAll(ids, token, at(11).toISOString()))).toBe(ids.length);
          }
        };
        // Connected first: otherwise the instance whose pool connects first may drain the queue alone.
        await Promise.all(instances.flatMap((instance) => [0, 1, 2].map(() => instance.transaction((sql) => sql.one("SELECT 1")))));
        await Promise.all(instances.flatMap((instance, i) => [0, 1, 2].map((d) => dispatcher(instance, `i${i}d${d}`))));
        expect(claimedBy.size).toBe(100);
        expect([...claimedBy.values()].filter((tokens) => tokens.length !== 1)).toEqual([]);
        const instancesUsed = new Set([...claimedBy.values()].map(([token]) => token!.slice(0, 2)));
        expect(instancesUsed.size).toBe(2);
        expect(await inTx((sql) => sql.one<{ n: string }>("SELECT count(*) AS n FROM outbox WHERE status = 'done' AND attempts = 1"))).toEqual({ n: "100" });
      } finally {
        await Promise.all(instances.map((instance) => instance.close()));
      }
    });
  });

  describe("staff and notifications", () => {
    const inWs = <T>(workspace: Workspace, work: (repos: { staff: ReturnType<typeof postgresStaffRepository>; notifications: ReturnType<typeof postgresNotificationRepository> }) => Promise<T>) =>
      inTx((sql) => work({ staff: postgresStaffRepository(sql, workspace.id), notifications: postgresNotificationRepository(sql, workspace.id) }));

    it("finds a member by id and by e-mail in any case, lists oldest first, updates and deletes", async () => {
      const anna = staffIn(mine, "anna@firma.de", 1);
      const bob = staffIn(mine, "bob@firma.de", 2);
      await inWs(mine, async ({ staff }) => {
        await staff.insert(bob);
        await staff.insert(anna);
      });
      expect(await inWs(mine, ({ staff }) => staff.findById(anna.id))).toEqual(anna);
      expect(await inWs(mine, ({ staff }) => staff.findByEmail(" ANNA@firma.de"))).toEqual(anna);
      expect((await inWs(mine, ({ staff }) => staff.list())).map((m) => m.id)).toEqual([anna.id, bob.id]);
      await inWs(mine, ({ staff }) => staff.update({ ...anna, name: "Anna S.", email: "anna.s@firma.de" }));
      expect(await inWs(mine, ({ staff }) => staff.findByEmail("anna.s@firma.de"))).toMatchObject({ id: anna.id, name: "Anna S." });
      expect(await inWs(mine, ({ staff }) => staff.findByEmail("anna@firma.de"))).toBeNull();
      await inWs(mine, ({ staff }) => staff.delete(anna.id));
      expect(await inWs(mine, ({ staff }) => staff.list())).toEqual([bob]);
      await inWs(mine, ({ staff }) => staff.delete(bob.id));
    });

    it("never shows or changes one workspace's staff from another", async () => {
      const theirAnna = staffIn(theirs);
      await inWs(theirs, ({ staff }) => staff.insert(theirAnna));
      await inWs(mine, async ({ staff }) => {
        await staff.update({ ...theirAnna, name: "Hijacked" });
        await staff.delete(theirAnna.id);
      });
      expect(await inWs(mine, async ({ staff }) => [await staff.findById(theirAnna.id), await staff.findByEmail(theirAnna.email), await staff.list()])).toEqual([
        null,
        null,
        [],
      ]);
      expect(await inWs(theirs, ({ staff }) => staff.findById(theirAnna.id))).toEqual(theirAnna);
      await inWs(theirs, ({ staff }) => staff.delete(theirAnna.id));
    });

    it("stores one notification per event and member, however often it is offered", async () => {
      const anna = staffIn(mine);
      await inWs(mine, ({ staff }) => staff.insert(anna));
      const first = notificationFor(anna, "evt-a");
      expect(await inWs(mine, ({ notifications }) => notifications.insertOnce(first))).toBe(true);
      expect(await inWs(mine, ({ notifications }) => notifications.insertOnce({ ...notificationFor(anna, "evt-a"), title: "again" }))).toBe(false);
      expect(await inWs(mine, ({ notifications }) => notifications.list(anna.id, { unreadOnly: false, limit: 10 }))).toEqual([first]);
      expect(await inWs(mine, ({ notifications }) => notifications.findById(anna.id, first.id))).toEqual(first);
      await inWs(mine, ({ staff }) => staff.delete(anna.id));
    });

    it("lists newest first, filters unread, marks one and all read", async () => {
      const anna = staffIn(mine);
      await inWs(mine, ({ staff }) => staff.insert(anna));
      const [older, middle, newer] = [notificationFor(anna, "e1", 1), notificationFor(anna, "e2", 2), notificationFor(anna, "e3", 3)];
      await inWs(mine, async ({ notifications }) => {
        for (const n of [middle, newer, older]) await notifications.insertOnce(n);
      });
      const ids = (list: readonly Notification[]) => list.map((n) => n.id);
      expect(ids(await inWs(mine, ({ notifications }) => notifications.list(anna.id, { unreadOnly: false, limit: 2 })))).toEqual([newer.id, middle.id]);
      await inWs(mine, ({ notifications }) => notifications.markRead(anna.id, middle.id, at(9).toISOString()));
      expect(await inWs(mine, ({ notifications }) => notifications.findById(anna.id, middle.id))).toEqual({ ...middle, readAt: at(9).toISOString() });
      // Marking it again keeps the first reading.
      await inWs(mine, ({ notifications }) => notifications.markRead(anna.id, middle.id, at(10).toISOString()));
      expect(await inWs(mine, ({ notifications }) => notifications.findById(anna.id, middle.id))).toMatchObject({ readAt: at(9).toISOString() });
      expect(ids(await inWs(mine, ({ notifications }) => notifications.list(anna.id, { unreadOnly: true, limit: 10 })))).toEqual([newer.id, older.id]);
      expect(await inWs(mine, ({ notifications }) => notifications.countUnread(anna.id))).toBe(2);
      expect(await inWs(mine, ({ notifications }) => notifications.markAllRead(anna.id, at(10).toISOString()))).toBe(2);
      expect(await inWs(mine, ({ notifications }) => notifications.countUnread(anna.id))).toBe(0);
      expect(await inWs(mine, ({ notifications }) => notifications.findById(anna.id, newer.id))).toEqual({ ...newer, readAt: at(10).toISOString() });
      expect(await inWs(mine, ({ notifications }) => notifications.markAllRead(anna.id, at(11).toISOString()))).toBe(0);
      await inWs(mine, ({ staff }) => staff.delete(anna.id));
    });

    it("keeps notifications inside their workspace and removes them with their member", async () => {
      const theirAnna = staffIn(theirs);
      await inWs(theirs, ({ staff }) => staff.insert(theirAnna));
      const theirs1 = notificationFor(theirAnna, "e1");
      await inWs(theirs, ({ notifications }) => notifications.insertOnce(theirs1));
      expect(await inWs(mine, ({ notifications }) => notifications.insertOnce(notificationFor(theirAnna, "e2")))).toBe(false);
      expect(await inWs(mine, ({ notifications }) => notifications.list(theirAnna.id, { unreadOnly: false, limit: 10 }))).toEqual([]);
      expect(await inWs(mine, ({ notifications }) => notifications.countUnread(theirAnna.id))).toBe(0);
      expect(await inWs(mine, ({ notifications }) => notifications.markAllRead(theirAnna.id, at(9).toISOString()))).toBe(0);
      await inWs(mine, ({ notifications }) => notifications.markRead(theirAnna.id, theirs1.id, at(9).toISOString()));
      expect(await inWs(theirs, ({ notifications }) => notifications.countUnread(theirAnna.id))).toBe(1);
      await inWs(theirs, ({ staff }) => staff.delete(theirAnna.id));
      expect(await inWs(theirs, ({ notifications }) => notifications.findById(theirAnna.id, theirs1.id))).toBeNull();
    });
  });

  const statusTables = [
    { table: "tickets", make: aTicket, done: "closed" },
    { table: "web_orders", make: anOrder, done: "accepted" },
  ] as const;

  for (const { table, make, done } of statusTables) {
    describe(table, () => {
      type Status = TicketStatus | OrderStatus;
      const repo = (sql: Sql, workspace: Workspace) => postgresStatusRecords<Ticket | WebOrder, Status>(sql, table, workspace.id);

      it("stores, finds and updates a record, never across workspaces", async () => {
        const record = make(mine.id);
        await inTx((sql) => repo(sql, mine).insert(record));
        expect(await inTx((sql) => repo(sql, mine).findById(record.id))).toEqual(record);
        expect(await inTx((sql) => repo(sql, theirs).findById(record.id))).toBeNull();
        const changed = { ...record, status: done, updatedAt: at(9).toISOString() } as Ticket | WebOrder;
        await inTx((sql) => repo(sql, mine).update(changed));
        expect(await inTx((sql) => repo(sql, mine).findById(record.id))).toEqual(changed);
        await inTx((sql) => repo(sql, theirs).update({ ...record, status: "open" } as Ticket | WebOrder));
        expect(await inTx((sql) => repo(sql, mine).findById(record.id))).toEqual(changed);
      });

      it("filters by status and customer, newest first, and pages through one instant without skipping or repeating", async () => {
        const workspace = aWorkspace();
        const customer = aCustomer(workspace.id);
        const linked = make(workspace.id, customer.id, 5);
        const unlinked = make(workspace.id, null, 6);
        const finished = { ...make(workspace.id, null, 7), status: done } as Ticket | WebOrder;
        const batch = Array.from({ length: 5 }, () => make(workspace.id, null, 8));
        await inTx(async (sql) => {
          await insertWorkspace(sql, workspace);
          await insertCustomer(sql, customer);
          for (const record of [linked, unlinked, finished, ...batch]) await repo(sql, workspace).insert(record);
        });
        const ids = async (query: { status?: Status; customerId?: string }) =>
          (await inTx((sql) => repo(sql, workspace).list(query, { limit: 50, after: null }))).items.map((r) => r.id);
        expect(await ids({})).toEqual([...batch.map((r) => r.id).reverse(), finished.id, unlinked.id, linked.id]);
        expect(await ids({ status: done })).toEqual([finished.id]);
        expect(await ids({ customerId: customer.id })).toEqual([linked.id]);
        expect(await ids({ status: done, customerId: customer.id })).toEqual([]);

        const seen: string[] = [];
        let after: PagePosition | null = null;
        do {
          const position: PagePosition | null = after;
          const page: Page<Ticket | WebOrder> = await inTx((sql) => repo(sql, workspace).list({}, { limit: 2, after: position }));
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items.map((r) => r.id));
          after = page.next;
        } while (after);
        expect(seen).toEqual(await ids({}));
        const exact = await inTx((sql) => repo(sql, workspace).list({ status: done }, { limit: 1, after: null }));
        expect(exact.next).toBeNull();
      });
    });
  }

  describe("attachments", () => {
    it("stores metadata, lists an inquiry's attachments oldest first, sums the bytes and deletes one inquiry's", async () => {
      const workspace = aWorkspace();
      const other = aWorkspace();
      const second = anAttachment(workspace.id, "inq-1", 6, 1000);
      const first = anAttachment(workspace.id, "inq-1", 5, 234);
      const sibling = anAttachment(workspace.id, "inq-2", 5, 4000000000);
      const theirs1 = anAttachment(other.id, "inq-1", 5, 7);
      await inTx(async (sql) => {
        await insertWorkspace(sql, workspace);
        await insertWorkspace(sql, other);
        expect(await postgresAttachments(sql, workspace.id).totalBytes()).toBe(0);
        for (const attachment of [second, first, sibling]) await postgresAttachments(sql, workspace.id).insert(attachment);
        await postgresAttachments(sql, other.id).insert(theirs1);
      });
      const mineRepo = <T>(work: (repo: ReturnType<typeof postgresAttachments>) => Promise<T>) => inTx((sql) => work(postgresAttachments(sql, workspace.id)));
      expect(await mineRepo((r) => r.findById(first.id))).toEqual(first);
      expect(await mineRepo((r) => r.findById(theirs1.id))).toBeNull();
      expect(await mineRepo((r) => r.listByInquiry("inq-1"))).toEqual([first, second]);
      expect(await mineRepo((r) => r.totalBytes())).toBe(4000001234);
      await mineRepo((r) => r.deleteByInquiry("inq-1"));
      expect(await mineRepo((r) => r.listByInquiry("inq-1"))).toEqual([]);
      expect(await mineRepo((r) => r.listByInquiry("inq-2"))).toEqual([sibling]);
      expect(await inTx((sql) => postgresAttachments(sql, other.id).listByInquiry("inq-1"))).toEqual([theirs1]);
    });
  });

  describe("signing keys", () => {
    it("knows no key until one is stored, then keeps the first one stored under a name", async () => {
      const keys = <T>(work: (repo: ReturnType<typeof postgresSigningKeys>) => Promise<T>) => inTx((sql) => work(postgresSigningKeys(sql)));
      expect(await keys((k) => k.find("first-wins"))).toBeNull();
      await keys((k) => k.insertIfAbsent("first-wins", "first-secret", "2026-11-25T09:00:00.000Z"));
      await keys((k) => k.insertIfAbsent("first-wins", "second-secret", "2026-11-25T09:01:00.000Z"));
      expect(await keys((k) => k.find("first-wins"))).toBe("first-secret");
    });

    it("gives two instances creating the same key at once the same secret", async () => {
      const instances = [0, 1].map(() => new PostgresDatabase({ url: POSTGRES_TEST_URL, schema: opened.schema, poolSize: 1, migrate: false }));
      try {
        let arrived = 0;
        let bothLooked!: () => void;
        const barrier = new Promise<void>((resolve) => (bothLooked = resolve));
        // What loading the stream token key does: look, create when missing, read what is stored.
        const load = (instance: PostgresDatabase, secret: string) =>
          instance.transaction(async (sql) => {
            const keys = postgresSigningKeys(sql);
            const existing = await keys.find("raced");
            if (++arrived === 2) bothLooked();
            await barrier;
            if (existing) return existing;
            await keys.insertIfAbsent("raced", secret, "2026-11-25T09:00:00.000Z");
            return keys.find("raced");
          });
        const [a, b] = await Promise.all([load(instances[0]!, "secret-a"), load(instances[1]!, "secret-b")]);
        expect(a).not.toBeNull();
        expect(b).toBe(a);
      } finally {
        await Promise.all(instances.map((instance) => instance.close()));
      }
    });
  });

  describe("idempotency records", () => {
    const records = <T>(work: (repo: ReturnType<typeof postgresIdempotencyRecords>) => Promise<T>) => inTx((sql) => work(postgresIdempotencyRecords(sql)));
    const now = new Date("2026-11-25T09:00:00.000Z");

    it("stores a claim per workspace and key, completes it with the answer and removes it", async () => {
      const claim = newIdempotencyClaim(mine.id, "k1", "fp", now);
      await records((r) => r.put(claim));
      expect(await records((r) => r.find(theirs.id, "k1"))).toBeNull();
      expect(await records((r) => r.find(mine.id, "k1"))).toEqual(claim);
      const response = { status: 201, headers: { "content-type": "application/json" }, body: '{"id":"x"}' };
      await records((r) => r.complete(mine.id, "k1", response));
      expect((await records((r) => r.find(mine.id, "k1")))?.response).toEqual(response);
      await records((r) => r.remove(mine.id, "k1"));
      expect(await records((r) => r.find(mine.id, "k1"))).toBeNull();
    });

    it("replaces a record under the same key and purges expired ones", async () => {
      const response = { status: 201, headers: {}, body: "{}" };
      await records((r) => r.put({ ...newIdempotencyClaim(mine.id, "k2", "old", now), response }));
      expect((await records((r) => r.find(mine.id, "k2")))?.response).toEqual(response);
      await records((r) => r.put(newIdempotencyClaim(mine.id, "k2", "new", now)));
      expect(await records((r) => r.find(mine.id, "k2"))).toMatchObject({ fingerprint: "new", response: null });
      await records((r) => r.put(newIdempotencyClaim(theirs.id, "k3", "fp", new Date("2026-11-27T09:00:00.000Z"))));
      const expiresAt = (await records((r) => r.find(mine.id, "k2")))!.expiresAt;
      expect(await records((r) => r.purgeExpired(expiresAt))).toBe(1);
      expect(await records((r) => r.find(mine.id, "k2"))).toBeNull();
      expect(await records((r) => r.find(theirs.id, "k3"))).not.toBeNull();
      await records((r) => r.remove(theirs.id, "k3"));
    });
  });

  describe("personal data", () => {
    it("finds what mentions a person outside their records and erases it, inside one workspace", async () => {
      const workspace = aWorkspace();
      const other = aWorkspace();
      const customer = aCustomer(workspace.id, { email: "kunde@example.org" });
      const unfiledTicket = aTicket(workspace.id, null, 3, " Kunde@Example.org");
      const laterTicket = aTicket(workspace.id, null, 4, "kunde@example.org");
      const filedTicket = aTicket(workspace.id, customer.id, 2);
      const strangersTicket = aTicket(workspace.id, null, 2, "jemand@example.org");
      const otherWorkspacesTicket = aTicket(other.id, null, 2);
      const unfiledOrder = anOrder(workspace.id, null, 3);
      const anna = staffIn(workspace);
      let events!: { about: string; mentioning: string; unrelated: string; elsewhere: string; delivered: string };
      await inTx(async (sql) => {
        await insertWorkspace(sql, workspace);
        await insertWorkspace(sql, other);
        await insertCustomer(sql, customer);
        for (const ticket of [unfiledTicket, laterTicket, filedTicket, strangersTicket]) await postgresStatusRecords(sql, "tickets", workspace.id).insert(ticket);
        await postgresStatusRecords(sql, "tickets", other.id).insert(otherWorkspacesTicket);
        await postgresStatusRecords(sql, "web_orders", workspace.id).insert(unfiledOrder);
        await postgresStaffRepository(sql, workspace.id).insert(anna);
        events = {
          mentioning: await addEvent(sql, workspace.id, 3, "inq-9", { inquiry: { id: "inq-9", customerId: customer.id } }),
          about: await addEvent(sql, workspace.id, 1, unfiledTicket.id, { ticket: { id: unfiledTicket.id } }),
          unrelated: await addEvent(sql, workspace.id, 2, "o1"),
          elsewhere: await addEvent(sql, other.id, 1, unfiledTicket.id, { customerId: customer.id }),
          delivered: await addEvent(sql, workspace.id, 0, "o2"),
        };
        const deliver = (id: string, minute: number) => sql.exec("UPDATE outbox SET status = 'done', processed_at = $1 WHERE id = $2", [at(minute).toISOString(), id]);
        await deliver(events.unrelated, 10);
        await deliver(events.delivered, 9);
      });
      const byEvent = notificationFor(anna, events.about, 5, "/api/v1/tickets/elsewhere");
      const byLink = notificationFor(anna, "evt-other", 4, `/api/v1/tickets/${unfiledTicket.id}`);
      const unrelated = notificationFor(anna, "evt-unrelated", 3);
      const answer = { status: 201, headers: {}, body: JSON.stringify({ id: unfiledTicket.id, email: "kunde@example.org" }) };
      await inTx(async (sql) => {
        for (const n of [byEvent, byLink, unrelated]) await postgresNotificationRepository(sql, workspace.id).insertOnce(n);
        const records = postgresIdempotencyRecords(sql);
        await records.put({ ...newIdempotencyClaim(workspace.id, "mentions", "fp", at(1)), response: answer });
        await records.put({ ...newIdempotencyClaim(workspace.id, "pending", "fp", at(1)) });
        await records.put({ ...newIdempotencyClaim(workspace.id, "other-answer", "fp", at(1)), response: { ...answer, body: "{}" } });
        await records.put({ ...newIdempotencyClaim(other.id, "mentions", "fp", at(1)), response: answer });
      });

      const store = <T>(work: (data: ReturnType<typeof postgresPersonalData>) => Promise<T>) => inTx((sql) => work(postgresPersonalData(sql, workspace.id)));
      expect(await store((d) => d.unfiledTicketsFrom("kunde@example.org"))).toEqual([unfiledTicket, laterTicket]);
      expect(await store((d) => d.unfiledOrdersFrom("kunde@example.org"))).toEqual([unfiledOrder]);
      expect(await store((d) => d.unfiledOrdersFrom("nobody@example.org"))).toEqual([]);
      const found = await store((d) => d.outboxEventsAbout([unfiledTicket.id], [customer.id]));
      expect(found.map((e) => e.id)).toEqual([events.about, events.mentioning]);
      expect(found[0]).toMatchObject({ workspaceId: workspace.id, aggregateId: unfiledTicket.id, payload: { ticket: { id: unfiledTicket.id } }, status: "pending" });
      expect(await store((d) => d.outboxEventsAbout([], []))).toEqual([]);
      expect((await store((d) => d.notificationsAbout([events.about], [unfiledTicket.id]))).map((n) => n.id)).toEqual([byLink.id, byEvent.id]);
      expect(await store((d) => d.notificationsAbout([], []))).toEqual([]);
      expect((await store((d) => d.deliveredEventsBefore(at(11).toISOString(), 10))).map((e) => e.id)).toEqual([events.delivered, events.unrelated]);
      expect((await store((d) => d.deliveredEventsBefore(at(11).toISOString(), 1))).map((e) => e.id)).toEqual([events.delivered]);
      expect((await store((d) => d.deliveredEventsBefore(at(10).toISOString(), 10))).map((e) => e.id)).toEqual([events.delivered]);
      expect(await store((d) => d.deliveredEventsBefore(at(9).toISOString(), 10))).toEqual([]);

      expect(await store((d) => d.forgetStoredAnswersMentioning([]))).toBe(0);
      expect(await store((d) => d.forgetStoredAnswersMentioning([unfiledTicket.id]))).toBe(1);
      await store(async (d) => {
        await d.deleteTickets([unfiledTicket.id, otherWorkspacesTicket.id]);
        await d.deleteOrders([unfiledOrder.id]);
        await d.deleteNotifications([byEvent.id, byLink.id]);
        await d.deleteOutboxEvents([events.about, events.mentioning, events.elsewhere]);
        await d.deleteTickets([]);
      });
      expect(await store((d) => d.unfiledTicketsFrom("kunde@example.org"))).toEqual([laterTicket]);
      expect(await store((d) => d.unfiledOrdersFrom("kunde@example.org"))).toEqual([]);
      expect(await store((d) => d.outboxEventsAbout([unfiledTicket.id], [customer.id]))).toEqual([]);
      expect(await store((d) => d.notificationsAbout([events.about], [unfiledTicket.id]))).toEqual([]);
      expect(await inTx((sql) => postgresNotificationRepository(sql, workspace.id).findById(anna.id, unrelated.id))).toEqual(unrelated);
      const left = await inTx((sql) =>
        Promise.all([
          postgresIdempotencyRecords(sql).find(workspace.id, "mentions"),
          postgresIdempotencyRecords(sql).find(workspace.id, "pending"),
          postgresIdempotencyRecords(sql).find(workspace.id, "other-answer"),
          postgresIdempotencyRecords(sql).find(other.id, "mentions"),
          postgresStatusRecords(sql, "tickets", other.id).findById(otherWorkspacesTicket.id),
          postgresOutboxQueue(sql).findById(events.elsewhere),
        ]),
      );
      expect(left.map((found) => found !== null)).toEqual([false, true, true, true, true, true]);
    });

    it("scrubs by vacuuming the schema's tables outside a transaction, and says so when it cannot", async () => {
      expect(await new PostgresStorageScrubber(database).scrub()).toBe(true);
      const closed = new PostgresDatabase({ url: POSTGRES_TEST_URL, schema: opened.schema, migrate: false });
      await closed.close();
      expect(await new PostgresStorageScrubber(closed).scrub()).toBe(false);
    });
  });
});
