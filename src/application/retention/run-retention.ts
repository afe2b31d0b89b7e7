import { inject, injectable } from "tsyringe";
import { z } from "zod";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import type { Ticket } from "../../domain/ticket/ticket.js";
import { retentionPolicyOf, retentionCutoffs, type RetentionCutoffs } from "../../domain/workspace/retention.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { customerFiles } from "../customers/customer-files.js";
import { removeErasedFiles } from "../customers/erased-files.js";
import type { BlobStore } from "../ports/blob-store.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { Page, PageRequest } from "../ports/pagination.js";
import type { MailArchive, StorageScrubber } from "../ports/personal-data.js";
import type { PersonalDataSections, SectionCounts } from "../ports/personal-data-section.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { TOKENS } from "../tokens.js";

/** What one run removed (or, in a dry run, would remove). */
export const RetentionReportSchema = z.object({
  workspaceId: z.string(),
  dryRun: z.boolean(),
  cutoffs: z.object({
    closedTicketsBefore: z.string().nullable(),
    lostInquiriesBefore: z.string().nullable(),
    deliveredEventsBefore: z.string().nullable(),
    surveyResponsesBefore: z.string().nullable(),
  }),
  closedTickets: z.array(z.string()).describe("Ids of closed tickets past their period."),
  lostInquiries: z.array(z.string()).describe("Ids of lost inquiries past their period, with their attachments."),
  customers: z.array(z.string()).describe("Ids of customers left with no inquiry, ticket or order by this run."),
  outboxEvents: z.number().int().describe("Outbox events deleted: delivered ones past their period and those about removed records."),
  mails: z.number().int().describe("Stored mail copies (.eml) deleted with their events or with the features' records."),
  sections: z
    .record(z.string(), z.record(z.string(), z.number().int()))
    .describe("What each feature deleted by its own retention (e.g. `surveys`: responses, invitations), by kind."),
});
export type RetentionReport = z.output<typeof RetentionReportSchema>;

/** More delivered events than this wait for the next run; a run stays one short transaction. */
const EVENT_BATCH = 5000;

async function everything<T>(list: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let after: PageRequest["after"] = null;
  do {
    const page = await list({ limit: 200, after });
    items.push(...page.items);
    after = page.next;
  } while (after);
  return items;
}

/**
 * Deletes what a workspace keeps no longer than its retention settings say: closed tickets and
 * lost inquiries past their period (with attachments, notifications and events about them),
 * customers left with nothing by that, delivered outbox events with the stored copies of their
 * mails, and each feature's records past their period (its PersonalDataSection), in the same
 * transaction. A dry run lists the same without touching anything.
 */
@injectable()
export class RunRetention {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.BlobStore) private readonly blobs: BlobStore,
    @inject(TOKENS.MailArchive) private readonly mails: MailArchive,
    @inject(TOKENS.StorageScrubber) private readonly scrubber: StorageScrubber,
    @inject(TOKENS.PersonalDataSections) private readonly features: PersonalDataSections,
  ) {}

  async execute(workspaceId: string, options: { dryRun?: boolean } = {}): Promise<Result<RetentionReport, Failure>> {
    const dryRun = options.dryRun ?? false;
    const run = await this.uow.run(workspaceId, async (tx) => {
      const workspace = await tx.workspaces.findById(workspaceId);
      if (!workspace) return err(notFound("workspace"));
      const now = this.clock.now();
      const policy = retentionPolicyOf(workspace.retention);
      const cutoffs = retentionCutoffs(policy, now);
      const tickets = await this.expiredTickets(tx, cutoffs);
      const inquiries = await this.expiredInquiries(tx, cutoffs);
      const recordIds = [...tickets, ...inquiries].map((r) => r.id);
      const recordEvents = recordIds.length > 0 ? await tx.personalData.outboxEventsAbout(recordIds, []) : [];
      const notifications = recordIds.length > 0 ? await tx.personalData.notificationsAbout(recordEvents.map((e) => e.id), recordIds) : [];
      const mailEvents = notifications.length > 0 ? await tx.personalData.outboxEventsAbout(notifications.map((n) => n.id), []) : [];
      // CustomerErased stays: it is the record that an erasure happened, and holds no personal data.
      const delivered = (cutoffs.deliveredEventsBefore ? await tx.personalData.deliveredEventsBefore(cutoffs.deliveredEventsBefore, EVENT_BATCH) : []).filter(
        (event) => event.type !== "CustomerErased",
      );
      const customers = await this.customersLeftEmpty(tx, [...tickets, ...inquiries], new Set(recordIds));
      const customerEvents = customers.length > 0 ? await tx.personalData.outboxEventsAbout(customers, []) : [];
      const events = [...new Map([...recordEvents, ...mailEvents, ...delivered, ...customerEvents].map((e) => [e.id, e])).values()];
      const attachmentBlobKeys: string[] = [];
      for (const inquiry of inquiries) attachmentBlobKeys.push(...(await tx.attachments.listByInquiry(inquiry.id)).map((a) => a.id));
      const sections: Record<string, Readonly<Record<string, number>>> = {};
      const featureMails: string[] = [];
      for (const feature of this.features) {
        if (!feature.applyRetention) continue;
        const removed = await feature.applyRetention(tx, { policy, cutoffs, now, dryRun });
        sections[feature.name] = removed.counts;
        featureMails.push(...(removed.mailMessageIds ?? []));
      }
      const featureRemoved = removesAny(sections);
      const mailMessageIds = [...new Set([...mailIdsOf(events), ...featureMails])];
      // Counted before commit: once RetentionApplied is committed the outbox may remove the files first.
      const storedMails = (await this.mails.stored(mailMessageIds)).length;
      const report = {
        workspaceId,
        dryRun,
        cutoffs,
        closedTickets: tickets.map((t) => t.id),
        lostInquiries: inquiries.map((i) => i.id),
        customers,
        outboxEvents: events.length,
        sections,
      };
      const removesSomething = recordIds.length + events.length + customers.length > 0 || featureRemoved;
      if (dryRun || !removesSomething) return ok({ report, files: { attachmentBlobKeys: [], mailMessageIds: [] }, mailCount: storedMails });
      for (const inquiry of inquiries) {
        await tx.attachments.deleteByInquiry(inquiry.id);
        await tx.inquiries.delete(inquiry.id);
      }
      await tx.personalData.deleteTickets(report.closedTickets);
      await tx.personalData.deleteNotifications(notifications.map((n) => n.id));
      await tx.personalData.deleteOutboxEvents(events.map((e) => e.id));
      for (const customerId of customers) await tx.customers.delete(customerId);
      const files = { attachmentBlobKeys, mailMessageIds };
      await tx.outbox.add(
        domainEvent(this.ids, this.clock, workspaceId, "RetentionApplied", workspaceId, {
          closedTickets: tickets.length,
          lostInquiries: inquiries.length,
          customers: customers.length,
          outboxEvents: events.length,
          sections,
          ...files,
        }),
      );
      return ok({ report, files, mailCount: storedMails });
    });
    if (!run.ok) return run;
    const { report, files, mailCount } = run.value;
    if (dryRun) return ok({ ...report, mails: mailCount });
    await removeErasedFiles(this.blobs, this.mails, workspaceId, files);
    if (report.closedTickets.length + report.lostInquiries.length + report.outboxEvents > 0 || removesAny(report.sections)) await this.scrubber.scrub();
    return ok({ ...report, mails: mailCount });
  }

  private async expiredTickets(tx: WorkspaceTransaction, cutoffs: RetentionCutoffs): Promise<Ticket[]> {
    const before = cutoffs.closedTicketsBefore;
    if (!before) return [];
    const closed = await everything((page) => tx.tickets.list({ status: "closed" }, page));
    return closed.filter((ticket) => (ticket.closedAt ?? ticket.updatedAt) < before);
  }

  private async expiredInquiries(tx: WorkspaceTransaction, cutoffs: RetentionCutoffs): Promise<Inquiry[]> {
    const before = cutoffs.lostInquiriesBefore;
    if (!before) return [];
    const lost = (await tx.catalog.list("status")).filter((status) => status.isLost);
    const expired: Inquiry[] = [];
    for (const status of lost) {
      const inquiries = await everything((page) => tx.inquiries.list({ status: status.name }, page));
      expired.push(...inquiries.filter((inquiry) => inquiry.updatedAt < before));
    }
    return expired;
  }

  /** Customers whose every inquiry, ticket and order is among the records this run removes. */
  private async customersLeftEmpty(tx: WorkspaceTransaction, removed: ReadonlyArray<{ customerId: string | null }>, removedIds: ReadonlySet<string>): Promise<string[]> {
    const candidates = [...new Set(removed.map((r) => r.customerId).filter((id): id is string => id !== null))];
    const empty: string[] = [];
    for (const customerId of candidates) {
      const files = await customerFiles(tx, customerId);
      const remaining = [...files.inquiries, ...files.tickets, ...files.orders].filter((r) => !removedIds.has(r.id));
      if (remaining.length === 0) empty.push(customerId);
    }
    return empty;
  }
}

const removesAny = (sections: SectionCounts) => Object.values(sections).some((counts) => Object.values(counts).some((count) => count > 0));

function mailIdsOf(events: readonly OutboxMessage[]): string[] {
  return events.flatMap((event) => {
    const messageId = event.type === "StaffMailRequested" ? event.payload["messageId"] : undefined;
    return typeof messageId === "string" ? [messageId] : [];
  });
}
