import type { AuthenticateApiKey } from "../../application/access/authenticate-api-key.js";
import type { AttachToInquiry } from "../../application/attachments/attach-to-inquiry.js";
import type { DiscardStagedAttachments } from "../../application/attachments/discard-staged-attachments.js";
import type { ListAttachments } from "../../application/attachments/list-attachments.js";
import type { OpenAttachment } from "../../application/attachments/open-attachment.js";
import type { StageAttachment } from "../../application/attachments/stage-attachment.js";
import type { CreatePartnerProject } from "../../application/intake/partner-project.js";
import type { SubmitWebLead } from "../../application/intake/web-lead.js";
import type { AcceptOrder } from "../../application/orders/accept-order.js";
import type { GetOrder } from "../../application/orders/get-order.js";
import type { ListOrders } from "../../application/orders/list-orders.js";
import type { RejectOrder } from "../../application/orders/reject-order.js";
import type { CloseTicket } from "../../application/tickets/close-ticket.js";
import type { GetTicket } from "../../application/tickets/get-ticket.js";
import type { ListTickets } from "../../application/tickets/list-tickets.js";

/** The use cases behind tickets, web orders, the vendor-compatible web-lead and partner-project endpoints and attachments. */
export interface IntakeServices {
  readonly authenticate: AuthenticateApiKey;
  readonly listTickets: ListTickets;
  readonly getTicket: GetTicket;
  readonly closeTicket: CloseTicket;
  readonly listOrders: ListOrders;
  readonly getOrder: GetOrder;
  readonly acceptOrder: AcceptOrder;
  readonly rejectOrder: RejectOrder;
  readonly submitWebLead: SubmitWebLead;
  readonly createPartnerProject: CreatePartnerProject;
  readonly stageAttachment: StageAttachment;
  readonly discardStagedAttachments: DiscardStagedAttachments;
  readonly attachToInquiry: AttachToInquiry;
  readonly listAttachments: ListAttachments;
  readonly openAttachment: OpenAttachment;
}

export interface AttachmentLimits {
  /** Largest single file in bytes. */
  readonly maxBytes: number;
  /** Most files in one request. */
  readonly maxFiles: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = { maxBytes: 10 * 1024 * 1024, maxFiles: 10 };
