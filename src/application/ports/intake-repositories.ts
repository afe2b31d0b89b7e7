import type { Attachment } from "../../domain/attachment/attachment.js";
import type { OrderStatus, WebOrder } from "../../domain/order/order.js";
import type { Ticket, TicketStatus } from "../../domain/ticket/ticket.js";
import type { Page, PageRequest } from "./pagination.js";

/* Workspace-bound like every repository of a workspace transaction (see repositories.ts). */

export interface TicketQuery {
  readonly status?: TicketStatus;
  readonly customerId?: string;
}

export interface TicketRepository {
  findById(id: string): Promise<Ticket | null>;
  insert(ticket: Ticket): Promise<void>;
  update(ticket: Ticket): Promise<void>;
  list(query: TicketQuery, page: PageRequest): Promise<Page<Ticket>>;
}

export interface OrderQuery {
  readonly status?: OrderStatus;
  readonly customerId?: string;
}

export interface OrderRepository {
  findById(id: string): Promise<WebOrder | null>;
  insert(order: WebOrder): Promise<void>;
  update(order: WebOrder): Promise<void>;
  list(query: OrderQuery, page: PageRequest): Promise<Page<WebOrder>>;
}

export interface AttachmentRepository {
  findById(id: string): Promise<Attachment | null>;
  insert(attachment: Attachment): Promise<void>;
  /** An inquiry's attachments in the order they arrived. */
  listByInquiry(inquiryId: string): Promise<readonly Attachment[]>;
  /** Bytes of all attachments of the workspace, for its storage quota. */
  totalBytes(): Promise<number>;
  /** Removes the metadata of an inquiry's attachments (their bytes go after commit, see DeleteAttachmentBlobs). */
  deleteByInquiry(inquiryId: string): Promise<void>;
}
