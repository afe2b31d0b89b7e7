import { beforeEach, describe, expect, it } from "vitest";
import { CreateInquiry } from "../../src/application/inquiries/create-inquiry.js";
import { UpdateInquiry } from "../../src/application/inquiries/update-inquiry.js";
import { ListNotifications } from "../../src/application/notifications/list-notifications.js";
import { MarkAllNotificationsRead } from "../../src/application/notifications/mark-all-notifications-read.js";
import { MarkNotificationRead } from "../../src/application/notifications/mark-notification-read.js";
import { NotifyStaff } from "../../src/application/notifications/notify-staff.js";
import { SendStaffMail } from "../../src/application/notifications/send-staff-mail.js";
import { DispatchOutbox } from "../../src/application/outbox/dispatch-outbox.js";
import { ListOutboxMessages } from "../../src/application/outbox/list-outbox-messages.js";
import { RetryOutboxMessage } from "../../src/application/outbox/retry-outbox-message.js";
import { RetryFailedOutboxMessages } from "../../src/application/outbox/retry-failed-outbox-messages.js";
import type { Mailer, OutgoingMail } from "../../src/application/ports/mailer.js";
import { domainEvent } from "../../src/application/shared/events.js";
import { AddStaffMember } from "../../src/application/staff/add-staff-member.js";
import { RemoveStaffMember } from "../../src/application/staff/remove-staff-member.js";
import { UpdateStaffMember } from "../../src/application/staff/update-staff-member.js";
import { CreateWorkspace } from "../../src/application/workspaces/create-workspace.js";
import { SetWorkspaceLocale } from "../../src/application/workspaces/set-workspace-locale.js";
import type { Notification } from "../../src/domain/notifications/notification.js";
import { ok } from "../../src/domain/shared/result.js";
import { MemoryUnitOfWork } from "../../src/adapters/memory/memory-unit-of-work.js";
import { InProcessNotificationFeed } from "../../src/adapters/system/in-process-notification-feed.js";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { UuidV7Ids } from "../../src/adapters/system/uuid-v7-ids.js";
import { MacrotaskScheduler } from "../../src/adapters/system/macrotask-scheduler.js";
import { CryptoSecrets } from "../../src/adapters/system/crypto-secrets.js";
import { HmacSigner } from "../../src/adapters/system/hmac-signer.js";

/** A mail server stand-in: records what it accepts, refuses while `down`. */
class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  down = false;
  async send(mail: OutgoingMail): Promise<void> {
    if (this.down) throw new Error("connect ECONNREFUSED 127.0.0.1:25");
    this.sent.push(mail);
  }
}

const retry = { baseDelayMs: 1000, maxDelayMs: 8000, maxAttempts: 3 };

function setup() {
  const uow = new MemoryUnitOfWork();
  const clock = new ManualClock();
  const ids = new UuidV7Ids();
  const mailer = new RecordingMailer();
  const feed = new InProcessNotificationFeed();
  const settings = { publicUrl: "https://crm.example.de", messageIdDomain: "example.de", linkTtlDays: 14 };
  const outboxSettings = { retry, leaseMs: 60_000, retentionMs: 7 * 24 * 60 * 60 * 1000 };
  const handlers = [new NotifyStaff(uow, clock, ids, feed, settings, new CryptoSecrets(), new HmacSigner()), new SendStaffMail(mailer)];
  return {
    uow,
    clock,
    ids,
    mailer,
    feed,
    dispatch: new DispatchOutbox(uow, clock, ids, handlers, outboxSettings, new MacrotaskScheduler()),
    workspaces: new CreateWorkspace(uow, clock, ids),
    setLocale: new SetWorkspaceLocale(uow),
    addStaff: new AddStaffMember(uow, clock, ids),
    updateStaff: new UpdateStaffMember(uow, clock),
    removeStaff: new RemoveStaffMember(uow),
    createInquiry: new CreateInquiry(uow, clock, ids),
    updateInquiry: new UpdateInquiry(uow, clock, ids),
    notifications: new ListNotifications(uow),
    markRead: new MarkNotificationRead(uow, clock),
    markAllRead: new MarkAllNotificationsRead(uow, clock),
    listOutbox: new ListOutboxMessages(uow),
    retryOutboxMessage: new RetryOutboxMessage(uow, clock),
    retryFailedOutboxMessages: new RetryFailedOutboxMessages(uow, clock),
  };
}

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};

describe("staff notifications from the outbox", () => {
  let s: ReturnType<typeof setup>;
  let ws: string;

  beforeEach(async () => {
    s = setup();
    ws = must(await s.workspaces.execute("dachdecker")).id;
  });

  const order = async (totalCents: number | null) =>
    s.uow.run(ws, async (tx) => {
      await tx.outbox.add(
        domainEvent(s.ids, s.clock, ws, "OrderReceived", "order-1", {
          order: { id: "order-1", email: "kunde@example.org", subject: "Dachrinne", totalCents, customerId: null },
        }),
      );
      return ok(undefined);
    });
  const inbox = async (staffId: string, unread?: boolean) => must(await s.notifications.execute(ws, staffId, unread ? { unread: "true" } : {}));

  it("mails and notifies everyone who wants new inquiries, in German, once", async () => {
    const anna = must(await s.addStaff.execute(ws, { name: "Anna", email: "anna@firma.de" }));
    const quiet = must(await s.addStaff.execute(ws, { name: "Bob", email: "bob@firma.de", events: ["new_order"] }));
    must(await s.createInquiry.execute(ws, { title: "Dachsanierung", contact: { name: "Max Mustermann" }, expectedValue: 12500, source: "Website" }));

    // CustomerCreated (no consumer), InquiryCreated, and the mail it requested.
    expect(must(await s.dispatch.execute())).toEqual({ done: 3, retrying: 0, failed: 0 });
    expect((await inbox(anna.id)).items.map((n) => n.title)).toEqual(["Neue Anfrage: Dachsanierung von Max Mustermann"]);
    expect((await inbox(quiet.id)).items).toEqual([]);
    expect(s.mailer.sent.map((m) => [m.to.address, m.subject])).toEqual([["anna@firma.de", "Neue Anfrage: Dachsanierung von Max Mustermann"]]);
    expect(s.mailer.sent[0]?.text).toContain("12.500,00 €");
    expect(must(await s.dispatch.execute())).toEqual({ done: 0, retrying: 0, failed: 0 });
    expect(s.mailer.sent).toHaveLength(1);
  });

  it("shows an order to every staff member and writes English when the workspace says so", async () => {
    must(await s.setLocale.execute("dachdecker", "en"));
    const anna = must(await s.addStaff.execute(ws, { name: "Anna", email: "anna@firma.de", emailEnabled: false }));
    const bob = must(await s.addStaff.execute(ws, { name: "Bob", email: "bob@firma.de", events: [] }));
    must(await order(4990));
    must(await s.dispatch.execute());
    for (const member of [anna, bob]) {
      expect((await inbox(member.id)).items.map((n) => n.title)).toEqual(["New order! A web order of €49.90 has been received."]);
    }
    must(await s.dispatch.execute());
    expect(s.mailer.sent).toEqual([]);
  });

  it("tells only the assignee when an inquiry is assigned, and refuses an assignee who is not staff", async () => {
    const anna = must(await s.addStaff.execute(ws, { name: "Anna", email: "anna@firma.de", events: ["assigned_to_me"] }));
    const bob = must(await s.addStaff.execute(ws, { name: "Bob", email: "bob@firma.de" }));
    const created = must(await s.createInquiry.execute(ws, { title: "Bad", contact: { name: "Erika" } }));
    const refused = await s.updateInquiry.execute(ws, created.inquiry.id, { assignee: "stranger@firma.de" });
    expect(refused.ok ? null : refused.error.issues).toEqual([{ path: "assignee", message: "is not a staff member of this workspace" }]);
    must(await s.dispatch.execute());
    must(await s.updateInquiry.execute(ws, created.inquiry.id, { assignee: "ANNA@firma.de" }));
    must(await s.dispatch.execute());
    expect((await inbox(anna.id)).items.map((n) => n.kind)).toEqual(["inquiry_assigned"]);
    expect((await inbox(bob.id)).items.map((n) => n.kind)).toEqual(["inquiry_created"]);
  });

  it("keeps an inquiry's assignee valid after the staff member is removed", async () => {
    must(await s.addStaff.execute(ws, { name: "Anna", email: "anna@firma.de" }));
    const created = must(await s.createInquiry.execute(ws, { title: "Bad", contact: { name: "Erika" }, assignee: "anna@firma.de" }));
    must(await s.removeStaff.execute(ws, "anna@firma.de"));
    expect((await s.updateInquiry.execute(ws, created.inquiry.id, { notes: "Rückruf" })).ok).toBe(true);
  });

  it("marks tickets for those who want them and completes unknown events without action", async () => {
    const anna = must(await s.addStaff.execute(ws, { name: "Anna", email: "anna@firma.de", events: ["new_ticket"] }));
    must(
      await s.uow.run(ws, async (tx) => {
        await tx.outbox.add(domainEvent(s.ids, s.clock, ws, "TicketCreated", "t1", { ticket: { id: "t1", email: "k@example.org", subject: null, message: "Hilfe", customerId: null } }));
        await tx.outbox.add({ ...domainEvent(s.ids, s.clock, ws, "InquiryDeleted", "x", {}), type: "SomethingFromTheFuture" as "InquiryDeleted" });
        return ok(undefined);
      }),
    );
    expect(must(await s.dispatch.execute())).toEqual({ done: 3, retrying: 0, failed: 0 });
    expect((await inbox(anna.id)).items.map((n) => n.title)).toEqual(["Neues Ticket: Anfrage Webseite"]);
    expect(s.mailer.sent.map((m) => m.to.address)).toEqual(["anna@firma.de"]);
  });

  it("retries a failing mail with growing delays, dead-letters it after the last attempt, and retries it on request", async () => {
    must(await s.addStaff.execute(ws, { name: "Anna", email: "anna@firma.de" }));
    must(await order(4990));
    s.mailer.down = true;

    expect(must(await s.dispatch.execute())).toEqual({ done: 1, retrying: 1, failed: 0 });
    const [mail] = must(await s.listOutbox.execute({ status: "pending" }));
    expect(mail).toMatchObject({ type: "StaffMailRequested", attempts: 1, lastError: "send-staff-mail: connect ECONNREFUSED 127.0.0.1:25" });
    expect(new Date(mail?.nextAttemptAt ?? 0).getTime() - s.clock.now().getTime()).toBe(1000);
    expect(must(await s.dispatch.execute())).toEqual({ done: 0, retrying: 0, failed: 0 });
    s.clock.advance(1000);
    expect(must(await s.dispatch.execute())).toEqual({ done: 0, retrying: 1, failed: 0 });
    s.clock.advance(2000);
    expect(must(await s.dispatch.execute())).toEqual({ done: 0, retrying: 0, failed: 1 });
    expect(must(await s.listOutbox.execute({ status: "failed" })).map((m) => m.id)).toEqual([mail?.id]);

    s.mailer.down = false;
    expect(must(await s.retryFailedOutboxMessages.execute())).toEqual({ requeued: 1 });
    expect(must(await s.dispatch.execute())).toEqual({ done: 1, retrying: 0, failed: 0 });
    expect(s.mailer.sent.map((m) => m.subject)).toEqual(["Neue Bestellung! Eine Web-Bestellung über 49,90 € ist eingegangen."]);
    const retryDone = await s.retryOutboxMessage.execute(mail?.id ?? "");
    expect(retryDone.ok ? null : retryDone.error.code).toBe("conflict");
  });

  it("deletes delivered messages once the retention period is over, leaving requested mails to the workspace's retention", async () => {
    must(await s.addStaff.execute(ws, { name: "Anna", email: "anna@firma.de" }));
    must(await order(100));
    expect(must(await s.dispatch.execute())).toEqual({ done: 2, retrying: 0, failed: 0 });
    expect(must(await s.listOutbox.execute({ status: "done" }))).toHaveLength(2);
    s.clock.advance(7 * 24 * 60 * 60 * 1000 + 1);
    must(await s.dispatch.execute());
    // The mail request is the reference to the stored copy of the mail (docs/adr/0007).
    expect(must(await s.listOutbox.execute({})).map((message) => message.type)).toEqual(["StaffMailRequested"]);
  });

  it("claims a backlog in batches and completes every message once", async () => {
    must(await s.addStaff.execute(ws, { name: "Anna", email: "anna@firma.de" }));
    for (let i = 0; i < 45; i++) must(await order(100 + i));
    expect(must(await s.dispatch.execute())).toEqual({ done: 90, retrying: 0, failed: 0 });
    expect(s.mailer.sent).toHaveLength(45);
    expect(must(await s.listOutbox.execute({ status: "pending", limit: 100 }))).toEqual([]);
  });

  it("does not notify twice when an event is delivered again after a crash", async () => {
    const anna = must(await s.addStaff.execute(ws, { name: "Anna", email: "anna@firma.de" }));
    must(await order(100));
    const [event] = must(await s.listOutbox.execute({ status: "pending" }));
    const handler = new NotifyStaff(s.uow, s.clock, s.ids, s.feed, { publicUrl: "http://x", messageIdDomain: "x", linkTtlDays: 14 }, new CryptoSecrets(), new HmacSigner());
    await handler.handle(event!);
    await handler.handle(event!);
    expect((await inbox(anna.id)).items).toHaveLength(1);
    expect(must(await s.listOutbox.execute({})).filter((m) => m.type === "StaffMailRequested")).toHaveLength(1);
  });

  it("publishes new notifications to live listeners of the member only", async () => {
    const anna = must(await s.addStaff.execute(ws, { name: "Anna", email: "anna@firma.de" }));
    const bob = must(await s.addStaff.execute(ws, { name: "Bob", email: "bob@firma.de" }));
    const seen: Notification[] = [];
    const stop = s.feed.subscribe(ws, anna.id, (n) => seen.push(n));
    must(await order(4990));
    must(await s.dispatch.execute());
    stop();
    expect(seen.map((n) => [n.staffId, n.kind])).toEqual([[anna.id, "order_received"]]);
    expect(bob.id).not.toBe(anna.id);
  });

  it("reads notifications one by one and all at once", async () => {
    const anna = must(await s.addStaff.execute(ws, { name: "Anna", email: "anna@firma.de" }));
    must(await order(100));
    must(await order(200));
    must(await s.dispatch.execute());
    const [newest] = (await inbox(anna.id)).items;
    expect(must(await s.markRead.execute(ws, anna.id, newest!.id)).readAt).toBe(s.clock.now().toISOString());
    expect(await inbox(anna.id, true)).toMatchObject({ unreadCount: 1 });
    expect(must(await s.markAllRead.execute(ws, anna.id))).toEqual({ marked: 1 });
    expect((await inbox(anna.id, true)).items).toEqual([]);
    const missing = await s.markRead.execute(ws, anna.id, "nope");
    expect(missing.ok ? null : missing.error.code).toBe("not_found");
  });

  it("refuses a second member with the same e-mail and names bad fields", async () => {
    must(await s.addStaff.execute(ws, { name: "Anna", email: "anna@firma.de" }));
    const again = await s.addStaff.execute(ws, { name: "Anna 2", email: "ANNA@firma.de" });
    expect(again.ok ? null : again.error.code).toBe("conflict");
    const bad = await s.addStaff.execute(ws, { name: "", email: "x", events: ["everything" as "new_order"] });
    expect(bad.ok ? [] : bad.error.issues?.map((i) => i.path)).toEqual(["events.0"]);
    const invalid = await s.updateStaff.execute(ws, "anna@firma.de", { email: "not-an-address" });
    expect(invalid.ok ? [] : invalid.error.issues?.map((i) => i.path)).toEqual(["email"]);
  });
});
