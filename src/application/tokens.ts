/** Injection tokens for the ports; hosts bind adapters to them, use cases ask for them. */
export const TOKENS = {
  UnitOfWork: Symbol.for("leadport.UnitOfWork"),
  Clock: Symbol.for("leadport.Clock"),
  Ids: Symbol.for("leadport.Ids"),
  Secrets: Symbol.for("leadport.Secrets"),
  BlobStore: Symbol.for("leadport.BlobStore"),
  ContentSniffer: Symbol.for("leadport.ContentSniffer"),
  Mailer: Symbol.for("leadport.Mailer"),
  NotificationPublisher: Symbol.for("leadport.NotificationPublisher"),
  OutboxHandlers: Symbol.for("leadport.OutboxHandlers"),
  OutboxSettings: Symbol.for("leadport.OutboxSettings"),
  NotificationSettings: Symbol.for("leadport.NotificationSettings"),
  MessageSigner: Symbol.for("leadport.MessageSigner"),
  Scheduler: Symbol.for("leadport.Scheduler"),
  MailArchive: Symbol.for("leadport.MailArchive"),
  StorageScrubber: Symbol.for("leadport.StorageScrubber"),
  AttachmentQuotas: Symbol.for("leadport.AttachmentQuotas"),
} as const;
