import type { DependencyContainer } from "tsyringe";
import type { NotificationSettings } from "../application/notifications/notify-staff.js";
import type { NotificationFeed } from "../application/ports/notification-publisher.js";
import { TOKENS } from "../application/tokens.js";
import { NodemailerMailer } from "../adapters/mail/nodemailer-mailer.js";
import { InProcessNotificationFeed } from "../adapters/system/in-process-notification-feed.js";
import type { PostgresDatabase } from "../adapters/postgres/postgres-database.js";
import { PostgresNotificationFeed } from "../adapters/postgres/postgres-notification-feed.js";
import { messageIdDomain, type NotificationConfig } from "./notification-config.js";

export interface NotificationWiring {
  readonly feed: NotificationFeed;
  /**
   * Starts receiving notifications other instances store (PostgreSQL: LISTEN); a server calls it
   * at start. Resolves once listening, or once the first attempt failed (it retries by itself).
   */
  listen(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Mailer, live feed and outbox settings; the outbox handlers are listed in outbox-wiring.ts. On
 * PostgreSQL the feed reaches the streams of every instance on the database, else this process's.
 */
export function registerNotifications(
  container: DependencyContainer,
  config: NotificationConfig,
  postgres: PostgresDatabase | null = null,
  onFeedError: (error: unknown, context: string) => void = () => undefined,
): NotificationWiring {
  const mailer = new NodemailerMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    directory: config.mailDirectory,
    timeoutMs: config.smtpTimeoutMs,
  });
  const shared = postgres ? new PostgresNotificationFeed(postgres, { onError: onFeedError }) : null;
  const feed: NotificationFeed = shared ?? new InProcessNotificationFeed();
  const settings: NotificationSettings = {
    publicUrl: config.publicUrl,
    messageIdDomain: messageIdDomain(config.mailFrom),
    linkTtlDays: config.linkTtlDays,
  };
  container.registerInstance(TOKENS.Mailer, mailer);
  container.registerInstance(TOKENS.NotificationPublisher, feed);
  container.registerInstance(TOKENS.NotificationSettings, settings);
  container.registerInstance(TOKENS.OutboxSettings, config.outbox);
  return {
    feed,
    listen: async () => shared?.listen(),
    close: async () => {
      mailer.close();
      await shared?.close();
    },
  };
}
