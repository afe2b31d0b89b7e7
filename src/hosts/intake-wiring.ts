import { join } from "node:path";
import type { DependencyContainer } from "tsyringe";
import type { BlobStore } from "../application/ports/blob-store.js";
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
import { FileSystemBlobStore } from "../adapters/blobs/file-system-blob-store.js";
import { MemoryBlobStore } from "../adapters/blobs/memory-blob-store.js";
import type { IntakeServices } from "../adapters/http/intake-services.js";

/**
 * Where stored files live: under the data directory, or in memory without one. Shared by every
 * feature that keeps or removes files (attachments, a customer's erasure, retention, backup).
 */
export function blobStoreFor(dataDir: string | undefined): BlobStore {
  return dataDir ? new FileSystemBlobStore(join(dataDir, "attachments")) : new MemoryBlobStore();
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
