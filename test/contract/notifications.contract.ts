import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { UnitOfWork, WorkspaceTransaction } from "../../src/application/ports/unit-of-work.js";
import { domainEvent } from "../../src/application/shared/events.js";
import type { Notification } from "../../src/domain/notifications/notification.js";
import { ok } from "../../src/domain/shared/result.js";
import { newStaffMember, type StaffMember } from "../../src/domain/staff/staff.js";
import type { Workspace } from "../../src/domain/workspace/workspace.js";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { at, nextId } from "../support/fixtures.js";
import { openWithTwoWorkspaces, type ContractSubject } from "./unit-of-work.contract.js";

/** Staff, in-app notifications and the outbox's delivery side: the same rules for every adapter. */
export function describeNotificationStorageContract(adapter: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`${adapter} notification storage contract`, () => {
    let subject: ContractSubject;
    let uow: UnitOfWork;
    let mine: Workspace;
    let theirs: Workspace;
    const clock = new ManualClock(at(0));
    const ids = { newId: () => nextId("evt") };

    const value = async <T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> => {
      const result = await promise;
      if (!result.ok) throw new Error("unexpected failure");
      return result.value;
    };
    const inWs = <T>(workspace: Workspace, work: (tx: WorkspaceTransaction) => Promise<T>) =>
      value(uow.run(workspace.id, async (tx) => ok(await work(tx))));
    const system = <T>(work: (queue: Parameters<Parameters<UnitOfWork["runSystem"]>[0]>[0]["outboxQueue"]) => Promise<T>) =>
      value(uow.runSystem(async (tx) => ok(await work(tx.outboxQueue))));
    const staffIn = (workspace: Workspace, email = "anna@firma.de", minute = 1): StaffMember =>
      newStaffMember(nextId("staff"), workspace.id, { name: "Anna", email }, at(minute));
    const notificationFor = (member: StaffMember, eventId: string, minute = 2): Notification => ({
      id: nextId("ntf"),
      workspaceId: member.workspaceId,
      staffId: member.id,
      eventId,
      kind: "order_received",
      title: "Neue Bestellung!",
      body: "",
      link: "/api/v1/orders/o1",
      pageUrl: null,
      readAt: null,
      createdAt: at(minute).toISOString(),
    });
    const addEvent = (workspace: Workspace, minute: number) => {
      clock.set(at(minute));
      const event = domainEvent(ids, clock, workspace.id, "OrderReceived", "o1", { order: { id: "o1" } });
      return inWs(workspace, (tx) => tx.outbox.add(event)).then(() => event);
    };

    beforeEach(async () => {
      ({ subject, uow, mine, theirs } = await openWithTwoWorkspaces(makeSubject));
    });

    afterEach(async () => {
      await subject.close();
    });

    describe("workspaces", () => {
      it("updates a workspace's locale", async () => {
        await value(uow.runSystem(async (tx) => ok(await tx.workspaces.update({ ...mine, locale: "en" }))));
        expect((await value(uow.runSystem(async (tx) => ok(await tx.workspaces.findById(mine.id)))))?.locale).toBe("en");
      });
    });

    describe("staff", () => {
      it("finds a member by id and by e-mail in any case, lists oldest first, updates and deletes", async () => {
        const anna = staffIn(mine, "anna@firma.de", 1);
        const bob = staffIn(mine, "bob@firma.de", 2);
        await inWs(mine, async (tx) => {
          await tx.staff.insert(bob);
          await tx.staff.insert(anna);
        });
        expect(await inWs(mine, (tx) => tx.staff.findById(anna.id))).toEqual(anna);
        expect(await inWs(mine, (tx) => tx.staff.findByEmail(" ANNA@firma.de"))).toEqual(anna);
        expect((await inWs(mine, (tx) => tx.staff.list())).map((m) => m.id)).toEqual([anna.id, bob.id]);
        await inWs(mine, (tx) => tx.staff.update({ ...anna, name: "Anna S.", email: "anna.s@firma.de" }));
        expect(await inWs(mine, (tx) => tx.staff.findByEmail("anna.s@firma.de"))).toMatchObject({ id: anna.id, name: "Anna S." });
        await inWs(mine, (tx) => tx.staff.delete(anna.id));
        expect(await inWs(mine, (tx) => tx.staff.list())).toEqual([bob]);
      });

      it("never shows or changes one workspace's staff from another", async () => {
        const theirAnna = staffIn(theirs);
        await inWs(theirs, (tx) => tx.staff.insert(theirAnna));
        await inWs(mine, async (tx) => {
          await tx.staff.update({ ...theirAnna, name: "Hijacked" });
          await tx.staff.delete(theirAnna.id);
        });
        expect(await inWs(mine, async (tx) => [await tx.staff.findById(theirAnna.id), await tx.staff.findByEmail(theirAnna.email), await tx.staff.list()])).toEqual([
          null,
          null,
          [],
        ]);
        expect(await inWs(theirs, (tx) => tx.staff.findById(theirAnna.id))).toEqual(theirAnna);
      });
    });

    describe("notifications", () => {
      it("stores one notification per event and member, however often it is offered", async () => {
        const anna = staffIn(mine);
        await inWs(mine, (tx) => tx.staff.insert(anna));
        const first = notificationFor(anna, "evt-a");
        expect(await inWs(mine, (tx) => tx.notifications.insertOnce(first))).toBe(true);
        expect(await inWs(mine, (tx) => tx.notifications.insertOnce({ ...notificationFor(anna, "evt-a"), title: "again" }))).toBe(false);
        expect(await inWs(mine, (tx) => tx.notifications.list(anna.id, { unreadOnly: false, limit: 10 }))).toEqual([first]);
      });

      it("keeps a feature's notice with its feature, topic and severity", async () => {
        const anna = staffIn(mine);
        await inWs(mine, (tx) => tx.staff.insert(anna));
        const notice: Notification = {
          ...notificationFor(anna, "evt-notice"),
          kind: "notice",
          title: "Webhook abgeschaltet",
          body: "Der Webhook an https://crm.example.org/hook wurde abgeschaltet.",
          link: "/api/v1/webhooks/wh_1",
          notice: { feature: "webhooks", topic: "subscription_disabled", severity: "warning" },
        };
        expect(await inWs(mine, (tx) => tx.notifications.insertOnce(notice))).toBe(true);
        expect(await inWs(mine, (tx) => tx.notifications.insertOnce({ ...notice, id: nextId("ntf") }))).toBe(false);
        expect(await inWs(mine, (tx) => tx.notifications.list(anna.id, { unreadOnly: false, limit: 10 }))).toEqual([notice]);
      });

      it("lists newest first, filters unread, marks one and all read", async () => {
        const anna = staffIn(mine);
        await inWs(mine, (tx) => tx.staff.insert(anna));
        const [older, middle, newer] = [notificationFor(anna, "e1", 1), notificationFor(anna, "e2", 2), notificationFor(anna, "e3", 3)];
        await inWs(mine, async (tx) => {
          for (const n of [middle, newer, older]) await tx.notifications.insertOnce(n);
        });
        const ids = (list: readonly Notification[]) => list.map((n) => n.id);
        expect(ids(await inWs(mine, (tx) => tx.notifications.list(anna.id, { unreadOnly: false, limit: 2 })))).toEqual([newer.id, middle.id]);
        await inWs(mine, (tx) => tx.notifications.markRead(anna.id, middle.id, at(9).toISOString()));
        expect(await inWs(mine, (tx) => tx.notifications.findById(anna.id, middle.id))).toMatchObject({ readAt: at(9).toISOString() });
        expect(ids(await inWs(mine, (tx) => tx.notifications.list(anna.id, { unreadOnly: true, limit: 10 })))).toEqual([newer.id, older.id]);
        expect(await inWs(mine, (tx) => tx.notifications.countUnread(anna.id))).toBe(2);
        expect(await inWs(mine, (tx) => tx.notifications.markAllRead(anna.id, at(10).toISOString()))).toBe(2);
        expect(await inWs(mine, (tx) => tx.notifications.countUnread(anna.id))).toBe(0);
      });

      it("keeps notifications inside their workspace and removes them with their member", async () => {
        const theirAnna = staffIn(theirs);
        await inWs(theirs, (tx) => tx.staff.insert(theirAnna));
        const theirs1 = notificationFor(theirAnna, "e1");
        await inWs(theirs, (tx) => tx.notifications.insertOnce(theirs1));
        expect(await inWs(mine, (tx) => tx.notifications.insertOnce(notificationFor(theirAnna, "e2")))).toBe(false);
        expect(await inWs(mine, (tx) => tx.notifications.list(theirAnna.id, { unreadOnly: false, limit: 10 }))).toEqual([]);
        expect(await inWs(mine, (tx) => tx.notifications.markAllRead(theirAnna.id, at(9).toISOString()))).toBe(0);
        await inWs(theirs, (tx) => tx.staff.delete(theirAnna.id));
        expect(await inWs(theirs, (tx) => tx.notifications.findById(theirAnna.id, theirs1.id))).toBeNull();
      });
    });

    describe("outbox queue", () => {
      const claim = (token: string, nowMinute: number, leaseMinute: number, limit = 10) =>
        system((q) => q.claimDue({ now: at(nowMinute).toISOString(), leaseUntil: at(leaseMinute).toISOString(), limit, token }));

      it("claims due messages of every workspace oldest first, counting the attempt and hiding them for the lease", async () => {
        const second = await addEvent(theirs, 2);
        const first = await addEvent(mine, 1);
        await addEvent(mine, 30);
        const claimed = await claim("t1", 5, 10);
        expect(claimed.map((m) => [m.id, m.attempts, m.status, m.type])).toEqual([
          [first.id, 1, "pending", "OrderReceived"],
          [second.id, 1, "pending", "OrderReceived"],
        ]);
        expect(claimed[0]?.payload).toEqual({ order: { id: "o1" } });
        expect(await claim("t2", 6, 11)).toEqual([]);
        const reclaimed = await claim("t3", 10, 20, 1);
        expect(reclaimed.map((m) => [m.id, m.attempts])).toEqual([[first.id, 2]]);
      });

      it("completes only with the current claim", async () => {
        const event = await addEvent(mine, 1);
        await claim("old", 1, 2);
        await claim("new", 2, 3);
        expect(await system((q) => q.completeAll([event.id], "old", at(3).toISOString()))).toBe(0);
        expect(await system((q) => q.completeAll([event.id], "new", at(3).toISOString()))).toBe(1);
        expect(await system((q) => q.findById(event.id))).toMatchObject({ status: "done", processedAt: at(3).toISOString() });
        expect(await claim("later", 50, 60)).toEqual([]);
      });

      it("completes many claimed messages at once and hands unattempted ones back due at once", async () => {
        const events = [await addEvent(mine, 1), await addEvent(mine, 2), await addEvent(theirs, 3)];
        await claim("t", 5, 60);
        expect(await system((q) => q.completeAll([events[0]!.id, events[1]!.id], "t", at(6).toISOString()))).toBe(2);
        expect(await system((q) => q.release([events[2]!.id], "t", at(7).toISOString()))).toBe(1);
        expect((await claim("t2", 7, 60)).map((m) => [m.id, m.attempts])).toEqual([[events[2]!.id, 1]]);
      });

      it("purges delivered messages older than the cut-off and keeps dead letters and pending ones", async () => {
        const [old, recent, dead, pending] = [await addEvent(mine, 1), await addEvent(mine, 2), await addEvent(theirs, 3), await addEvent(mine, 4)];
        await claim("t", 5, 6, 3);
        await system((q) => q.completeAll([old!.id], "t", at(10).toISOString()));
        await system((q) => q.completeAll([recent!.id], "t", at(30).toISOString()));
        await system((q) => q.recordFailure(dead!.id, "t", { status: "failed", nextAttemptAt: at(11).toISOString(), lastError: "x" }));
        expect(await system((q) => q.purgeDelivered(at(20).toISOString(), 100, ["OrderReceived"]))).toBe(0);
        expect(await system((q) => q.purgeDelivered(at(20).toISOString(), 100, []))).toBe(1);
        expect(await system((q) => q.findById(old!.id))).toBeNull();
        for (const kept of [recent!, dead!, pending!]) expect(await system((q) => q.findById(kept.id))).not.toBeNull();
      });

      it("records failures for a retry later or as a dead letter, and requeues dead letters", async () => {
        const retried = await addEvent(mine, 1);
        const dead = await addEvent(mine, 2);
        await claim("t", 5, 6);
        await system((q) => q.recordFailure(retried.id, "t", { status: "pending", nextAttemptAt: at(20).toISOString(), lastError: "SMTP down" }));
        await system((q) => q.recordFailure(dead.id, "t", { status: "failed", nextAttemptAt: at(6).toISOString(), lastError: "rejected" }));
        expect(await system((q) => q.findById(retried.id))).toMatchObject({ status: "pending", attempts: 1, lastError: "SMTP down" });
        expect(await claim("t2", 19, 30)).toEqual([]);
        expect((await claim("t2", 20, 90)).map((m) => m.id)).toEqual([retried.id]);
        expect((await system((q) => q.list({ status: "failed", limit: 10 }))).map((m) => [m.id, m.lastError])).toEqual([[dead.id, "rejected"]]);
        expect(await system((q) => q.requeueFailed(retried.id, at(40).toISOString()))).toBe(false);
        expect(await system((q) => q.requeueFailed(dead.id, at(40).toISOString()))).toBe(true);
        expect(await system((q) => q.findById(dead.id))).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: at(40).toISOString() });
        expect((await claim("t3", 40, 50)).map((m) => m.id)).toEqual([dead.id]);
      });

      it("lists newest first, by status, and requeues all dead letters at once", async () => {
        const events = [await addEvent(mine, 1), await addEvent(mine, 2), await addEvent(theirs, 3)];
        await claim("t", 5, 6);
        for (const event of events) {
          await system((q) => q.recordFailure(event.id, "t", { status: "failed", nextAttemptAt: at(6).toISOString(), lastError: "x" }));
        }
        expect((await system((q) => q.list({ limit: 2 }))).map((m) => m.id)).toEqual([events[2]?.id, events[1]?.id]);
        expect(await system((q) => q.list({ status: "pending", limit: 10 }))).toEqual([]);
        expect(await system((q) => q.requeueAllFailed(at(7).toISOString()))).toBe(3);
        expect(await system((q) => q.list({ status: "pending", limit: 10 }))).toHaveLength(3);
      });

      it("forgets a claim when the transaction that made it rolls back", async () => {
        const event = await addEvent(mine, 1);
        await uow.runSystem(async (tx) => {
          await tx.outboxQueue.claimDue({ now: at(5).toISOString(), leaseUntil: at(60).toISOString(), limit: 10, token: "t" });
          return { ok: false, error: "rolled back" } as const;
        });
        expect((await claim("t2", 5, 6)).map((m) => [m.id, m.attempts])).toEqual([[event.id, 1]]);
      });
    });
  });
}
