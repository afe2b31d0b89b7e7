import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_SCHEDULE, recordAttempt, redeliver, retryDelayMs, startAttempt, type WebhookDelivery } from "../../src/domain/webhook/delivery.js";
import { eventPatternIssues, matchesEventFilter, passesFieldFilter } from "../../src/domain/webhook/event-filter.js";
import { classifyAddress, targetUrlIssues } from "../../src/domain/webhook/target.js";
import { newSubscription, rotateSecret, signingSecrets } from "../../src/domain/webhook/subscription.js";
import { publicEventName } from "../../src/domain/webhook/webhook-events.js";

const HOUR = 3_600_000;
const start = new Date("2026-11-25T09:00:00.000Z");

function pendingDelivery(): WebhookDelivery {
  const at = start.toISOString();
  return {
    id: "d1",
    workspaceId: "w1",
    subscriptionId: "s1",
    eventId: "e1",
    eventType: "inquiry.created",
    recordId: "i1",
    customerId: null,
    position: `${at} e1`,
    body: "{}",
    status: "pending",
    attempts: 0,
    nextAttemptAt: at,
    roundStartedAt: at,
    lastAttemptAt: null,
    lastStatusCode: null,
    lastResponse: null,
    deliveredAt: null,
    createdAt: at,
  };
}

/** Fails every attempt, each at its due time, until the delivery is dead; returns the attempt times. */
function failUntilDead(randoms: readonly number[], retryAfterMs: number | null = null) {
  let delivery = pendingDelivery();
  const times: number[] = [];
  for (let index = 0; delivery.status === "pending"; index += 1) {
    const now = new Date(delivery.nextAttemptAt);
    times.push(now.getTime());
    delivery = recordAttempt(startAttempt(delivery, now, 60_000), { kind: "answered", statusCode: 500, body: "", retryAfterMs }, now, DEFAULT_RETRY_SCHEDULE, randoms[index % randoms.length]!);
    if (index > 1000) throw new Error("never dead");
  }
  return { delivery, times };
}

describe("the retry schedule", () => {
  it("keeps retrying for at least 24 hours, the last attempt at the window's end, then dead-letters", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 30 }), (randoms) => {
        const { delivery, times } = failUntilDead(randoms);
        expect(delivery.status).toBe("dead");
        expect(times.at(-1)! - start.getTime()).toBe(24 * HOUR);
        const gaps = times.slice(1).map((time, index) => time - times[index]!);
        expect(Math.max(...gaps)).toBeLessThanOrEqual(DEFAULT_RETRY_SCHEDULE.maxDelayMs);
        expect(gaps[0]).toBeGreaterThanOrEqual(DEFAULT_RETRY_SCHEDULE.baseDelayMs / 2);
        expect(delivery.attempts).toBe(times.length);
      }),
    );
  });

  it("backs off exponentially with jitter: half of each delay is fixed, half random", () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_SCHEDULE, 0, null)).toBe(15_000);
    expect(retryDelayMs(1, DEFAULT_RETRY_SCHEDULE, 0.999999, null)).toBeCloseTo(30_000, -1);
    expect(retryDelayMs(3, DEFAULT_RETRY_SCHEDULE, 0, null)).toBe(60_000);
    expect(retryDelayMs(30, DEFAULT_RETRY_SCHEDULE, 0.5, null)).toBe(0.75 * DEFAULT_RETRY_SCHEDULE.maxDelayMs);
  });

  it("waits at least as long as Retry-After asks, up to the longest delay", () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_SCHEDULE, 0, 2 * HOUR)).toBe(2 * HOUR);
    expect(retryDelayMs(1, DEFAULT_RETRY_SCHEDULE, 0, 48 * HOUR)).toBe(DEFAULT_RETRY_SCHEDULE.maxDelayMs);
  });

  it("ends at once on 410 Gone, succeeds on any 2xx, and a redelivery starts a new round", () => {
    const now = start;
    const gone = recordAttempt(startAttempt(pendingDelivery(), now, 1000), { kind: "answered", statusCode: 410, body: "", retryAfterMs: null }, now, DEFAULT_RETRY_SCHEDULE, 0.5);
    expect(gone.status).toBe("dead");
    const ok = recordAttempt(startAttempt(pendingDelivery(), now, 1000), { kind: "answered", statusCode: 202, body: "x".repeat(5000), retryAfterMs: null }, now, DEFAULT_RETRY_SCHEDULE, 0.5);
    expect(ok.status).toBe("delivered");
    expect(ok.lastResponse).toHaveLength(1024);
    const later = new Date(now.getTime() + 30 * HOUR);
    const again = redeliver(gone, later);
    expect(again).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: later.toISOString(), roundStartedAt: later.toISOString() });
  });
});

describe("event names and filters", () => {
  it("names events after their record and what happened", () => {
    expect(publicEventName("InquiryCreated")).toBe("inquiry.created");
    expect(publicEventName("OrderReceived")).toBe("order.received");
    expect(publicEventName("CatalogEntryMerged")).toBe("catalog_entry.merged");
    expect(publicEventName("StaffMailRequested")).toBeNull();
    expect(publicEventName("WebhookDisabled")).toBeNull();
  });

  it("matches exact names, a record's wildcard and everything", () => {
    expect(matchesEventFilter(["inquiry.created"], "inquiry.created")).toBe(true);
    expect(matchesEventFilter(["inquiry.created"], "inquiry.updated")).toBe(false);
    expect(matchesEventFilter(["inquiry.*"], "inquiry.won")).toBe(true);
    expect(matchesEventFilter(["inquiry.*"], "inquiry_note.created")).toBe(false);
    expect(matchesEventFilter(["*"], "survey.response")).toBe(true);
  });

  it("refuses patterns it cannot match, naming the entry", () => {
    expect(eventPatternIssues(["inquiry.created", "Inquiry Created", "*.created"])).toEqual([
      { path: "events.1", message: expect.stringContaining("Inquiry Created") },
      { path: "events.2", message: expect.stringContaining("*.created") },
    ]);
    expect(eventPatternIssues([])).toHaveLength(1);
  });

  it("passes an update only when a watched field changed; other events are not affected", () => {
    expect(passesFieldFilter(["status"], ["notes"])).toBe(false);
    expect(passesFieldFilter(["status"], ["notes", "status"])).toBe(true);
    expect(passesFieldFilter(["status"], null)).toBe(true);
    expect(passesFieldFilter(null, ["notes"])).toBe(true);
  });
});

describe("target addresses", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:a9fe:a9fe", "metadata"],
    ["64:ff9b::a9fe:a9fe", "metadata"],
    ["[::ffff:a00:1]", "private"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["192.168.1.1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.169.254", "metadata"],
    ["169.254.1.1", "link_local"],
    ["fe80::1", "link_local"],
    ["0.0.0.0", "unspecified"],
    ["93.184.216.34", "public"],
    ["2606:4700::1111", "public"],
  ])("classifies %s as %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it("allows private targets, and plain http to them, only when the operator does; the metadata service never", () => {
    expect(targetUrlIssues("http://127.0.0.1:8080/x", { allowPrivate: true })).toEqual([]);
    expect(targetUrlIssues("http://192.168.1.20/x", { allowPrivate: true })).toEqual([]);
    expect(targetUrlIssues("http://127.0.0.1:8080/x", { allowPrivate: false })).toHaveLength(1);
    expect(targetUrlIssues("https://169.254.169.254/", { allowPrivate: true })).toHaveLength(1);
    expect(targetUrlIssues("https://metadata.google.internal/", { allowPrivate: true })).toHaveLength(1);
    // The URL parser writes these as 127.0.0.1 and ::ffff:a9fe:a9fe; both are caught.
    expect(targetUrlIssues("https://2130706433/", { allowPrivate: false })).toHaveLength(1);
    expect(targetUrlIssues("https://[::ffff:169.254.169.254]/", { allowPrivate: true })).toHaveLength(1);
    expect(targetUrlIssues("http://crm.example.org/", { allowPrivate: true })).toHaveLength(1);
    expect(targetUrlIssues("https://crm.example.org/hooks?token=1", { allowPrivate: false })).toEqual([]);
    expect(targetUrlIssues("ftp://crm.example.org/", { allowPrivate: false })).toHaveLength(1);
    expect(targetUrlIssues("not a url", { allowPrivate: false })).toEqual([{ path: "url", message: "is not an absolute URL" }]);
  });
});

describe("secret rotation", () => {
  const created = newSubscription(
    { id: "s1", workspaceId: "w1", secret: "whsec_old", now: new Date("2026-11-25T09:00:00.000Z") },
    { url: "https://crm.example.org/hooks", events: ["*"] },
  );

  it("signs with the new secret first, and with the replaced one exactly until the grace period ends", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 168 * 3_600_000 }), fc.integer({ min: 0, max: 400 * 3_600_000 }), (graceMs, elapsedMs) => {
        const rotatedAt = new Date("2026-11-26T10:00:00.000Z");
        const rotated = rotateSecret(created, "whsec_new", rotatedAt, graceMs);
        const secrets = signingSecrets(rotated, new Date(rotatedAt.getTime() + elapsedMs));
        expect(secrets).toEqual(elapsedMs < graceMs ? ["whsec_new", "whsec_old"] : ["whsec_new"]);
      }),
    );
  });

  it("forgets a secret older than the one replaced: never more than two sign", () => {
    const at = new Date("2026-11-26T10:00:00.000Z");
    const twice = rotateSecret(rotateSecret(created, "whsec_second", at, 3_600_000), "whsec_third", at, 3_600_000);
    expect(signingSecrets(twice, at)).toEqual(["whsec_third", "whsec_second"]);
    expect(signingSecrets(created, at)).toEqual(["whsec_old"]);
  });
});
