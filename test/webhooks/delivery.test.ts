import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CreateWebhook } from "../../src/application/webhooks/create-webhook.js";
import { PruneWebhookDeliveries } from "../../src/application/webhooks/prune-webhook-deliveries.js";
import { RedeliverWebhookDelivery } from "../../src/application/webhooks/redeliver-webhook.js";
import { UpdateWebhook } from "../../src/application/webhooks/update-webhook.js";
import { GetWebhook } from "../../src/application/webhooks/get-webhook.js";
import { SIGNATURE_HEADER } from "../../src/adapters/webhooks/webhook-signature.js";
import type { StorageChoice } from "../../src/hosts/container.js";
import { startReceiver, webhookSetup, workspace } from "./support.js";
import { testStorage } from "../support/test-database.js";

const HOUR = 3_600_000;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const storages: Array<[string, () => StorageChoice]> = [
  ["memory", () => ({ kind: "memory" })],
  [
    "sqlite",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "leadport-webhooks-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return testStorage(join(dir, "leadport.db"));
    },
  ],
];
let storage: () => StorageChoice = storages[0]![1];

async function scenario(answer?: Parameters<typeof startReceiver>[0], env: NodeJS.ProcessEnv = {}, events = ["inquiry.*"], fields?: string[]) {
  const receiver = await startReceiver(answer);
  cleanups.push(receiver.close);
  const setup = webhookSetup(env, storage());
  cleanups.push(setup.close);
  const workspaceId = await workspace(setup.useCases);
  const created = await setup.container.resolve(CreateWebhook).execute(workspaceId, { url: receiver.url, events, ...(fields ? { fields } : {}) });
  if (!created.ok) throw new Error(created.error.message);
  const subscription = created.value;
  const nowSeconds = () => Math.floor(setup.clock.now().getTime() / 1000);
  return { receiver, setup, workspaceId, subscription, nowSeconds };
}

async function createInquiry(setup: ReturnType<typeof webhookSetup>, workspaceId: string, title: string) {
  const created = await setup.useCases.createInquiry.execute(workspaceId, { title, contact: { name: "Erika Musterfrau", email: `${title.toLowerCase().replace(/\W/g, "")}@example.org` } });
  if (!created.ok) throw new Error(created.error.message);
  return created.value.inquiry;
}

describe.each(storages)("webhook deliveries to a real receiver, stored on %s", (_name, choice) => {
  beforeEach(() => {
    storage = choice;
  });

  it("arrive signed, with the record as the API shows it, one request per event", async () => {
    const { receiver, setup, workspaceId, subscription, nowSeconds } = await scenario();
    const inquiry = await createInquiry(setup, workspaceId, "Dachsanierung");

    const report = await setup.pump();

    expect(report.delivered).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(receiver.allSigned(subscription.secret, nowSeconds())).toBe(true);
    expect(request!.headers[SIGNATURE_HEADER.toLowerCase()]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(request!.headers["leadport-event-id"]).toBe(request!.json.id);
    expect(request!.json).toMatchObject({
      type: "inquiry.created",
      occurredAt: inquiry.createdAt,
      workspace: { id: workspaceId, name: "default" },
      data: { id: inquiry.id, title: "Dachsanierung", customerId: inquiry.customerId },
    });
    // The same view the API answers with (leadScore, logbook …), not an internal record.
    expect(request!.json.data).toHaveProperty("leadScoreReasons");
    expect(request!.json.data).not.toHaveProperty("workspaceId");
    // A signature made with another secret does not pass.
    expect(receiver.allSigned("whsec_wrong", nowSeconds())).toBe(false);
  });

  it("after a receiver answered 500 for a while, delivers every event of a record in order once it recovers", async () => {
    // The first five requests fail, whatever they carry; then the receiver is healthy.
    const { receiver, setup, workspaceId, subscription, nowSeconds } = await scenario((index) => (index < 5 ? { status: 500, body: "down for maintenance" } : { status: 200 }));
    const inquiry = await createInquiry(setup, workspaceId, "Dach");
    for (const notes of ["erster Anruf", "Angebot folgt", "Termin vereinbart"]) {
      const updated = await setup.useCases.updateInquiry.execute(workspaceId, inquiry.id, { notes });
      expect(updated.ok).toBe(true);
    }
    const other = await createInquiry(setup, workspaceId, "Bad");

    await setup.pump();
    for (let round = 0; round < 50 && (await setup.advanceToNextAttempt(workspaceId, subscription.id)); round += 1) await setup.pump();

    const accepted = receiver.received.filter((request) => request.status === 200);
    const ofFirst = accepted.filter((request) => request.json.data.id === inquiry.id);
    expect(ofFirst.map((request) => request.json.type)).toEqual(["inquiry.created", "inquiry.updated", "inquiry.updated", "inquiry.updated"]);
    expect(ofFirst.map((request) => request.json.data.notes)).toEqual([null, "erster Anruf", "Angebot folgt", "Termin vereinbart"]);
    expect(accepted.filter((request) => request.json.data.id === other.id).map((request) => request.json.type)).toEqual(["inquiry.created"]);
    // Every event got through exactly once with a 200; the failed tries were repeats of the same event ids.
    const ids = new Set(receiver.received.map((request) => request.json.id));
    expect(accepted.map((request) => request.json.id).sort()).toEqual([...ids].sort());
    expect(receiver.received.filter((request) => request.status === 500)).toHaveLength(5);
    // Never a later event of a record before an earlier one: the order of first sight is event order.
    const firstSeen = receiver.received.filter((request) => request.json.data.id === inquiry.id).map((request) => request.json.occurredAt + request.json.id);
    expect(firstSeen).toEqual([...firstSeen].sort());
    expect(receiver.allSigned(subscription.secret, nowSeconds())).toBe(true);
    const deliveries = await setup.deliveries(workspaceId, subscription.id);
    expect(deliveries).toHaveLength(5);
    expect(deliveries.every((delivery) => delivery.status === "delivered")).toBe(true);
  });

  it("dead-letters a delivery to a receiver that never answers after retrying for 24 hours, and sends it again by hand", async () => {
    let answering = false;
    const { receiver, setup, workspaceId, subscription } = await scenario(() => (answering ? { status: 204 } : "hang"));
    await createInquiry(setup, workspaceId, "Fassade");

    await setup.pump();
    let rounds = 0;
    while ((await setup.advanceToNextAttempt(workspaceId, subscription.id)) && rounds < 60) {
      await setup.pump();
      rounds += 1;
    }

    const [dead] = await setup.deliveries(workspaceId, subscription.id);
    expect(dead!.status).toBe("dead");
    expect(dead!.lastStatusCode).toBeNull();
    expect(dead!.lastResponse).toMatch(/no answer within 300 ms/);
    expect(Date.parse(dead!.lastAttemptAt!) - Date.parse(dead!.createdAt)).toBeGreaterThanOrEqual(24 * HOUR);
    expect(dead!.attempts).toBeGreaterThanOrEqual(10);
    expect(receiver.received).toHaveLength(dead!.attempts);

    answering = true;
    const again = await setup.container.resolve(RedeliverWebhookDelivery).execute(workspaceId, subscription.id, dead!.id);
    expect(again.ok && again.value.status).toBe("pending");
    await setup.pump();

    const [delivered] = await setup.deliveries(workspaceId, subscription.id);
    expect(delivered!.status).toBe("delivered");
    expect(delivered!.lastStatusCode).toBe(204);
    const last = receiver.received.at(-1)!;
    expect(last.json.id).toBe(dead!.eventId);
    expect(last.body).toBe(receiver.received[0]!.body);
  });

  it("keeps finished deliveries listed for the configured days, then forgets them", async () => {
    const { setup, workspaceId, subscription } = await scenario(undefined, { LEADPORT_WEBHOOK_KEEP_DAYS: "7" });
    await createInquiry(setup, workspaceId, "Zaun");
    await setup.pump();
    const prune = setup.container.resolve(PruneWebhookDeliveries);
    setup.clock.advance(6 * 24 * HOUR);
    expect(await prune.execute()).toEqual({ ok: true, value: 0 });
    setup.clock.advance(2 * 24 * HOUR);
    expect(await prune.execute()).toEqual({ ok: true, value: 1 });
    expect(await setup.deliveries(workspaceId, subscription.id)).toEqual([]);
  });

  it("delivers only the events a subscription's filter matches", async () => {
    const { receiver, setup, workspaceId } = await scenario(undefined, {}, ["inquiry.updated"], ["status"]);
    const inquiry = await createInquiry(setup, workspaceId, "Carport");
    await setup.useCases.updateInquiry.execute(workspaceId, inquiry.id, { notes: "nur eine Notiz" });
    await setup.useCases.updateInquiry.execute(workspaceId, inquiry.id, { status: "In Bearbeitung" });

    await setup.pump();

    // Not inquiry.created, not customer.created, not the update that left the status alone.
    expect(receiver.received.map((request) => [request.json.type, request.json.data.status, request.json.changed])).toEqual([
      ["inquiry.updated", "In Bearbeitung", expect.arrayContaining(["status"])],
    ]);
  });

  it("forgets the queued and logged deliveries of a customer who is erased", async () => {
    const { receiver, setup, workspaceId, subscription } = await scenario(() => ({ status: 500 }), {}, ["*"]);
    const inquiry = await createInquiry(setup, workspaceId, "Wintergarten");
    const bystander = await createInquiry(setup, workspaceId, "Balkon");
    await setup.pump();
    expect((await setup.deliveries(workspaceId, subscription.id)).map((d) => d.eventType).sort()).toEqual(["customer.created", "customer.created", "inquiry.created", "inquiry.created"]);

    const erased = await setup.useCases.eraseCustomer.execute(workspaceId, inquiry.customerId);
    expect(erased.ok && erased.value.sections["webhooks"]).toEqual({ deliveries: 2 });
    // Gone with the erasure's own transaction, before the outbox runs.
    const before = await setup.deliveries(workspaceId, subscription.id);
    expect(JSON.stringify(before)).not.toContain("wintergarten@example.org");
    await setup.pump();

    const left = await setup.deliveries(workspaceId, subscription.id);
    expect(left.map((d) => [d.eventType, d.recordId]).sort()).toEqual(
      [["customer.created", bystander.customerId], ["customer.erased", inquiry.customerId], ["inquiry.created", bystander.id]].sort(),
    );
    expect(JSON.stringify(left)).not.toContain("wintergarten@example.org");
    expect(receiver.received.length).toBeGreaterThan(0);
  });

  it("honours Retry-After, and switches the subscription off when the receiver answers 410 Gone", async () => {
    const { setup, workspaceId, subscription } = await scenario((index) =>
      index === 0 ? { status: 503, headers: { "Retry-After": "7200" } } : { status: 410, body: "gone" },
    );
    await createInquiry(setup, workspaceId, "Dachrinne");
    await setup.pump();
    const [waiting] = await setup.deliveries(workspaceId, subscription.id);
    expect(Date.parse(waiting!.nextAttemptAt) - setup.clock.now().getTime()).toBeGreaterThanOrEqual(2 * HOUR);

    await setup.advanceToNextAttempt(workspaceId, subscription.id);
    const report = await setup.pump();

    expect(report.disabled).toBe(1);
    const [gone] = await setup.deliveries(workspaceId, subscription.id);
    expect(gone!.status).toBe("dead");
    const after = await setup.container.resolve(GetWebhook).execute(workspaceId, subscription.id);
    expect(after.ok && [after.value.active, after.value.disabledReason]).toEqual([false, "the receiver answered 410 Gone"]);
  });

  it("switches a subscription off that fails continuously for the configured time, and mails staff", async () => {
    let healthy = false;
    const { receiver, setup, workspaceId, subscription } = await scenario(() => ({ status: healthy ? 200 : 500 }), { LEADPORT_WEBHOOK_DISABLE_AFTER_HOURS: "2" });
    const anna = await setup.useCases.addStaff.execute(workspaceId, { email: "anna@example.org", name: "Anna Schulz" });
    if (!anna.ok) throw new Error("staff");
    await createInquiry(setup, workspaceId, "Gaube");
    await setup.pump();
    for (let round = 0; round < 40 && (await setup.advanceToNextAttempt(workspaceId, subscription.id)); round += 1) {
      await setup.pump();
      const now = await setup.container.resolve(GetWebhook).execute(workspaceId, subscription.id);
      if (now.ok && !now.value.active) break;
    }

    const after = await setup.container.resolve(GetWebhook).execute(workspaceId, subscription.id);
    expect(after.ok && after.value.active).toBe(false);
    expect(after.ok && after.value.disabledReason).toBe("every delivery failed for 2 h");
    const mails = await setup.useCases.listOutbox.execute({});
    const notice = mails.ok ? mails.value.find((message) => message.type === "StaffMailRequested" && String(message.payload.subject) === "Webhook abgeschaltet") : undefined;
    expect(notice?.payload).toMatchObject({ to: { address: "anna@example.org" } });
    expect(JSON.stringify(notice?.payload)).not.toContain(subscription.secret);
    // Switched off, it is not tried again; its delivery waits.
    const before = (await setup.deliveries(workspaceId, subscription.id))[0]!.attempts;
    setup.clock.advance(HOUR);
    await setup.pump();
    expect((await setup.deliveries(workspaceId, subscription.id))[0]!.attempts).toBe(before);
    // The mail went out through the ordinary mail path (an .eml file without SMTP).
    const written = readdirSync(join(setup.dataDir, "mail")).map((file) => readFileSync(join(setup.dataDir, "mail", file), "utf8"));
    expect(written.filter((mail) => mail.includes("Subject: Webhook abgeschaltet"))).toHaveLength(1);
    // And in the app, as a warning that leads to the subscription.
    const listed = await setup.useCases.listNotifications.execute(workspaceId, anna.value.id);
    const notices = listed.ok ? listed.value.items.filter((item) => item.kind === "notice") : [];
    expect(notices).toMatchObject([
      { title: "Webhook abgeschaltet", link: `/api/v1/webhooks/${subscription.id}`, notice: { feature: "webhooks", topic: "subscription_disabled", severity: "warning" } },
    ]);
    expect(notices[0]!.body).toContain("every delivery failed for 2 h");
    expect(notices[0]!.body).not.toContain(subscription.secret);

    // Switched on again once the receiver works: what was pending goes out.
    healthy = true;
    const enabled = await setup.container.resolve(UpdateWebhook).execute(workspaceId, subscription.id, { active: true });
    expect(enabled.ok && [enabled.value.active, enabled.value.disabledReason, enabled.value.failingSince]).toEqual([true, null, null]);
    await setup.pump();
    expect((await setup.deliveries(workspaceId, subscription.id)).map((d) => d.status)).toEqual(["delivered"]);
    expect(receiver.received.at(-1)!.status).toBe(200);
  });
});
