import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { NotificationSettings } from "../notifications/notify-staff.js";
import type { BlobStore } from "../ports/blob-store.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { MailArchive, StorageScrubber } from "../ports/personal-data.js";
import type { PersonalDataSections, SectionCounts } from "../ports/personal-data-section.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { TOKENS } from "../tokens.js";
import { removeErasedFiles, type ErasedFiles } from "./erased-files.js";
import { gatherPersonalData } from "./personal-data.js";

/** What an erasure removed, by count: the answer, and the payload of `CustomerErased` (no personal data). */
export interface ErasureReport {
  readonly customerId: string;
  readonly inquiries: number;
  readonly attachments: number;
  readonly tickets: number;
  readonly orders: number;
  readonly notifications: number;
  readonly outboxEvents: number;
  /** Stored copies of mails (.eml) about the person, deleted with them: staff mails and the features' mails to them. */
  readonly mails: number;
  /** What each feature removed (features/modules with personal data: PersonalDataSection), by section and kind. */
  readonly sections: SectionCounts;
}

/**
 * Erases a person (Art. 17 GDPR): their customer record, inquiries with logbooks and attachments,
 * tickets and orders (filed under them or sent from their e-mail), the in-app notifications and
 * outbox events about them — delivered or pending, so no mail about them goes out afterwards —,
 * the stored copies of staff mails about them, and each feature's share (its PersonalDataSection:
 * survey invitations and answers, accounting drafts, webhook deliveries). Records go rather than being anonymised:
 * counts and averages are computed from what remains, so they stay correct.
 *
 * Database rows, the features' included, go in one transaction. Files live outside it and go right after commit; the
 * `CustomerErased` event names them by id, so a crash in between is repaired when the outbox
 * delivers it. Last, the storage is scrubbed so deleted text does not linger in the WAL.
 */
@injectable()
export class EraseCustomer {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.NotificationSettings) private readonly settings: NotificationSettings,
    @inject(TOKENS.BlobStore) private readonly blobs: BlobStore,
    @inject(TOKENS.MailArchive) private readonly mails: MailArchive,
    @inject(TOKENS.StorageScrubber) private readonly scrubber: StorageScrubber,
    @inject(TOKENS.PersonalDataSections) private readonly features: PersonalDataSections,
  ) {}

  async execute(workspaceId: string, customerId: string): Promise<Result<ErasureReport, Failure>> {
    const erased = await this.uow.run(workspaceId, async (tx) => {
      const customer = await tx.customers.findById(customerId);
      if (!customer) return err(notFound("customer"));
      // The features erase their own share just below; gathering it here would only read it twice.
      const data = await gatherPersonalData(tx, customer, this.settings.messageIdDomain, []);
      for (const inquiry of data.inquiries) {
        await tx.attachments.deleteByInquiry(inquiry.id);
        await tx.inquiries.delete(inquiry.id);
      }
      await tx.personalData.deleteTickets(data.tickets.map((t) => t.id));
      await tx.personalData.deleteOrders(data.orders.map((o) => o.id));
      await tx.personalData.deleteNotifications(data.notifications.map((n) => n.id));
      await tx.personalData.deleteOutboxEvents(data.events.map((e) => e.id));
      // Answers kept for retried requests repeat the records they created.
      await tx.personalData.forgetStoredAnswersMentioning([
        data.customer.id,
        ...(data.customer.mergedFrom ?? []),
        ...data.inquiries.map((i) => i.id),
        ...data.tickets.map((t) => t.id),
        ...data.orders.map((o) => o.id),
      ]);
      // After the core's deletions, so a feature that looks for events about its records counts only those left.
      const sections: Record<string, Readonly<Record<string, number>>> = {};
      const mailMessageIds = new Set(data.mailMessageIds);
      for (const feature of this.features) {
        const removed = await feature.erase(tx, customer);
        sections[feature.name] = removed.counts;
        for (const messageId of removed.mailMessageIds ?? []) mailMessageIds.add(messageId);
      }
      await tx.customers.delete(customer.id);
      // Counted before commit: once CustomerErased is committed the outbox may remove the files first.
      const storedMails = await this.mails.stored([...mailMessageIds]);
      const report: ErasureReport = {
        customerId,
        inquiries: data.inquiries.length,
        attachments: data.attachments.length,
        tickets: data.tickets.length,
        orders: data.orders.length,
        notifications: data.notifications.length,
        outboxEvents: data.events.length,
        mails: storedMails.length,
        sections,
      };
      const files: ErasedFiles = { attachmentBlobKeys: data.attachments.map((a) => a.id), mailMessageIds: [...mailMessageIds] };
      await tx.outbox.add(domainEvent(this.ids, this.clock, workspaceId, "CustomerErased", customerId, { ...report, ...files }));
      return ok({ report, files });
    });
    if (!erased.ok) return erased;
    await removeErasedFiles(this.blobs, this.mails, workspaceId, erased.value.files);
    await this.scrubber.scrub();
    return ok(erased.value.report);
  }
}
