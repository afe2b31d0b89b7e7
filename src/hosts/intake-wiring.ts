import { join } from "node:path";
import type { DependencyContainer } from "tsyringe";
import { AttachToInquiry } from "../application/attachments/attach-to-inquiry.js";
import { DiscardStagedAttachments } from "../application/attachments/discard-staged-attachments.js";
import { ListAttachments } from "../application/attachments/list-attachments.js";
import { OpenAttachment } from "../application/attachments/open-attachment.js";
import { StageAttachment } from "../application/attachments/stage-attachment.js";
import { CreatePartnerProject } from "../application/intake/partner-project.js";
import { SubmitWebLead } from "../application/intake/web-lead.js";
import { AcceptOrder } from "../application/orders/accept-order.js";
import { GetOrder } from "../application/orders/get-order.js";
import { ListOrders } from "../application/orders/list-orders.js";
import { RejectOrder } from "../application/orders/reject-order.js";
import { CloseTicket } from "../application/tickets/close-ticket.js";
import { GetTicket } from "../application/tickets/get-ticket.js";
import { ListTickets } from "../application/tickets/list-tickets.js";
import { TOKENS } from "../application/tokens.js";
import { FileSystemBlobStore } from "../adapters/blobs/file-system-blob-store.js";
import { FileTypeSniffer } from "../adapters/blobs/file-type-sniffer.js";
import { MemoryBlobStore } from "../adapters/blobs/memory-blob-store.js";
import type { IntakeServices } from "../adapters/http/intake-services.js";
import { DEFAULT_ATTACHMENT_QUOTAS, type AttachmentQuotas } from "../application/attachments/attachments.js";

/** Attachments live under the data directory; without one (in-memory use) they stay in memory. */
export function registerIntakeAdapters(container: DependencyContainer, dataDir: string | undefined, quotas: AttachmentQuotas = DEFAULT_ATTACHMENT_QUOTAS): void {
  container.registerInstance(TOKENS.AttachmentQuotas, quotas);
  container.registerInstance(TOKENS.BlobStore, dataDir ? new FileSystemBlobStore(join(dataDir, "attachments")) : new MemoryBlobStore());
  container.registerInstance(TOKENS.ContentSniffer, new FileTypeSniffer());
}

export function resolveIntakeUseCases(container: DependencyContainer) {
  return {
    listTickets: container.resolve(ListTickets),
    getTicket: container.resolve(GetTicket),
    closeTicket: container.resolve(CloseTicket),
    listOrders: container.resolve(ListOrders),
    getOrder: container.resolve(GetOrder),
    acceptOrder: container.resolve(AcceptOrder),
    rejectOrder: container.resolve(RejectOrder),
    submitWebLead: container.resolve(SubmitWebLead),
    createPartnerProject: container.resolve(CreatePartnerProject),
    stageAttachment: container.resolve(StageAttachment),
    discardStagedAttachments: container.resolve(DiscardStagedAttachments),
    attachToInquiry: container.resolve(AttachToInquiry),
    listAttachments: container.resolve(ListAttachments),
    openAttachment: container.resolve(OpenAttachment),
  } satisfies Omit<IntakeServices, "authenticate">;
}
