import type { DependencyContainer } from "tsyringe";
import type { NotificationSettings } from "../application/notifications/notify-staff.js";
import { TOKENS } from "../application/tokens.js";
import { NodemailerMailer } from "../adapters/mail/nodemailer-mailer.js";
import { InProcessNotificationFeed } from "../adapters/system/in-process-notification-feed.js";
import { messageIdDomain, type NotificationConfig } from "./notification-config.js";

export interface NotificationWiring {
  readonly feed: InProcessNotificationFeed;
  close(): void;
}

/** Mailer, live feed and outbox settings; the outbox handlers are listed in outbox-wiring.ts. */
export function registerNotifications(container: DependencyContainer, config: NotificationConfig): NotificationWiring {
  const mailer = new NodemailerMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    directory: config.mailDirectory,
    timeoutMs: config.smtpTimeoutMs,
  });
  const feed = new InProcessNotificationFeed();
  const settings: NotificationSettings = {
    publicUrl: config.publicUrl,
    messageIdDomain: messageIdDomain(config.mailFrom),
    linkTtlDays: config.linkTtlDays,
  };
  container.registerInstance(TOKENS.Mailer, mailer);
  container.registerInstance(TOKENS.NotificationPublisher, feed);
  container.registerInstance(TOKENS.NotificationSettings, settings);
  container.registerInstance(TOKENS.OutboxSettings, config.outbox);
  return { feed, close: () => mailer.close() };
}
