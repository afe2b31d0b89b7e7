import { describe, expect, it } from "vitest";
import { notificationTriggerOf, UnreadablePayloadError } from "../../src/application/notifications/notification-triggers.js";
import { staffNoticeRequested } from "../../src/application/notifications/staff-notice.js";
import type { OutboxMessage } from "../../src/application/ports/outbox-queue.js";
import type { NoticeFacts } from "../../src/domain/notifications/notification.js";
import { publicEventName } from "../../src/domain/webhook/webhook-events.js";

const services = { ids: { newId: () => "evt_1" }, clock: { now: () => new Date("2026-12-01T10:00:00Z") } };
const notice: NoticeFacts = {
  feature: "surveys",
  topic: "churn_risk",
  title: "Abwanderungsrisiko: Eva ist unzufrieden",
  summary: "Eva hat die Umfrage „Service“ beantwortet.",
  link: "/api/v1/customers/c1/satisfaction",
  severity: "warning",
};

const at = "2026-12-01T10:00:00.000Z";
const asMessage = (payload: Record<string, unknown>): OutboxMessage => ({
  id: "evt_1",
  workspaceId: "ws",
  type: "StaffNoticeRequested",
  aggregateId: "r1",
  occurredAt: at,
  payload,
  status: "pending",
  attempts: 1,
  nextAttemptAt: at,
  lastError: null,
  processedAt: null,
});

describe("a feature's StaffNoticeRequested event", () => {
  it("is read back by the core as the notice for the staff it names", () => {
    const event = staffNoticeRequested(services, "ws", "r1", ["staff-1"], notice);
    expect(event).toMatchObject({ type: "StaffNoticeRequested", aggregateId: "r1", workspaceId: "ws" });
    expect(notificationTriggerOf(asMessage({ ...event.payload }))).toEqual({ type: "notice", notice, recipients: ["staff-1"] });
  });

  it("is for all staff when it says so, and informational when it names no severity", () => {
    const { severity: _default, ...plain } = notice;
    expect(notificationTriggerOf(asMessage({ recipients: "all_staff", notice: plain }))).toEqual({ type: "notice", notice: { ...plain, severity: "info" }, recipients: "all_staff" });
  });

  it("is refused when its link is no path inside the API or its words are missing", () => {
    expect(() => notificationTriggerOf(asMessage({ recipients: "all_staff", notice: { ...notice, link: "https://evil.example" } }))).toThrow(UnreadablePayloadError);
    expect(() => notificationTriggerOf(asMessage({ recipients: "all_staff", notice: { ...notice, title: "" } }))).toThrow(UnreadablePayloadError);
  });

  it("never leaves as a webhook", () => {
    expect(publicEventName("StaffNoticeRequested")).toBeNull();
  });
});
