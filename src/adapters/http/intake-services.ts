import type { AuthenticateApiKey } from "../../application/access/api-key-use-cases.js";
import type {
  AttachToInquiry,
  DiscardStagedAttachments,
  ListAttachments,
  OpenAttachment,
  StageAttachment,
} from "../../application/attachments/attachment-use-cases.js";
import type { CreatePartnerProject } from "../../application/intake/partner-project.js";
import type { SubmitWebLead } from "../../application/intake/web-lead.js";
import type { AcceptOrder, GetOrder, ListOrders, RejectOrder } from "../../application/orders/order-use-cases.js";
import type { CloseTicket, GetTicket, ListTickets } from "../../application/tickets/ticket-use-cases.js";

/** The use cases behind tickets, web orders, the two seed-compatible endpoints and attachments. */
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
