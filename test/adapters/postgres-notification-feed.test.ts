import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresDatabase } from "../../src/adapters/postgres/postgres-database.js";
import { channelFor, PostgresNotificationFeed } from "../../src/adapters/postgres/postgres-notification-feed.js";
import type { Notification } from "../../src/domain/notifications/notification.js";
import { dropSchema, freshSchemaName, POSTGRES_TEST_URL } from "../support/postgres.js";
import { eventually } from "../support/smtp-sink.js";

const notification = (id: string, staffId = "staff-1"): Notification => ({
  id,
  workspaceId: "ws-1",
  staffId,
  eventId: `event-${id}`,
  kind: "order_received",
  title: "Neue Bestellung",
  body: "Eine Web-Bestellung ist eingegangen.",
  link: `/api/v1/orders/${id}`,
  pageUrl: null,
  readAt: null,
  createdAt: "2026-12-01T09:00:00.000Z",
});

describe("PostgresNotificationFeed: live notifications across instances", () => {
  const schema = freshSchemaName("lp_feed");
  // Two instances: each its own pool and its own feed, on one schema.
  const databases = [0, 1].map(() => new PostgresDatabase({ url: POSTGRES_TEST_URL, schema, migrate: false }));
  const feeds = databases.map((database) => new PostgresNotificationFeed(database));
  const elsewhere = new PostgresDatabase({ url: POSTGRES_TEST_URL, schema: `${schema}_other`, migrate: false });
  const otherSchemaFeed = new PostgresNotificationFeed(elsewhere);

  beforeAll(async () => {
    await Promise.all([...feeds, otherSchemaFeed].map((feed) => feed.listen()));
  });

  afterAll(async () => {
    await Promise.all([...feeds, otherSchemaFeed].map((feed) => feed.close()));
    await Promise.all([...databases, elsewhere].map((database) => database.close()));
    await dropSchema(schema);
  });

  it("delivers a notification published on one instance to the streams of both, once each", async () => {
    const [publisher, receiver] = feeds as [PostgresNotificationFeed, PostgresNotificationFeed];
    const onPublisher: Notification[] = [];
    const onReceiver: Notification[] = [];
    const onOtherSchema: Notification[] = [];
    const otherStaff: Notification[] = [];
    const stops = [
      publisher.subscribe("ws-1", "staff-1", (item) => onPublisher.push(item)),
      receiver.subscribe("ws-1", "staff-1", (item) => onReceiver.push(item)),
      receiver.subscribe("ws-1", "staff-2", (item) => otherStaff.push(item)),
      otherSchemaFeed.subscribe("ws-1", "staff-1", (item) => onOtherSchema.push(item)),
    ];
    publisher.publish([notification("n-1"), notification("n-2")]);

    await eventually(() => onReceiver.length === 2, "both notifications on the other instance");
    // Time for a second copy to arrive, if one were coming.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(onReceiver).toEqual([notification("n-1"), notification("n-2")]);
    expect(onPublisher.map((item) => item.id)).toEqual(["n-1", "n-2"]);
    expect(otherStaff).toEqual([]);
    expect(onOtherSchema).toEqual([]);
    for (const stop of stops) stop();
  });

  it("names one channel per schema, within PostgreSQL's 63 bytes", () => {
    expect(channelFor("public")).toBe("leadport_notifications_public");
    const long = channelFor("a".repeat(63));
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).not.toBe(channelFor("b".repeat(63)));
  });
});
