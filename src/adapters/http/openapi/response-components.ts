import { z } from "zod";
import { AttachmentListSchema, AttachmentViewSchema } from "../../../application/attachments/attachment-view.js";
import { CatalogEntryViewSchema, CatalogListSchema } from "../../../application/catalog/list-catalog.js";
import { AddressViewSchema } from "../../../application/customers/address-view.js";
import { CustomerPageSchema, CustomerViewSchema } from "../../../application/customers/customer-view.js";
import { CustomerRecordViewSchema } from "../../../application/customer-records/customer-record-view.js";
import {
  ContactViewSchema,
  InquiryPageSchema,
  InquiryViewSchema,
  LogbookEntryViewSchema,
  ScoreReasonViewSchema,
} from "../../../application/inquiries/inquiry-view.js";
import { MarkedReadSchema, NotificationListViewSchema, NotificationViewSchema } from "../../../application/notifications/notification-use-cases.js";
import { OrderPageSchema, OrderViewSchema } from "../../../application/orders/order-view.js";
import { StaffListSchema, StaffViewSchema } from "../../../application/staff/staff-members.js";
import { TicketPageSchema, TicketViewSchema } from "../../../application/tickets/ticket-view.js";
import { ScoreWeightsViewSchema } from "../../../application/workspaces/score-weights.js";

const FieldIssueSchema = z.object({ path: z.string(), message: z.string() });

/** The RFC 9457 problem document of the native API (see problem.ts). */
export const ProblemSchema = z.object({
  type: z.string().describe("Stable URI per error code, e.g. /docs/problems#validation_failed."),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string(),
  code: z.string().describe("validation_failed, invalid_json, unauthenticated, forbidden, not_found, rate_limited, storage_busy, storage_unavailable, …"),
  errors: z.array(FieldIssueSchema).optional().describe("One entry per failing field."),
  requestId: z.string().optional(),
});

/**
 * The schemas that appear under components/schemas, by name. A response schema that is, or
 * contains, one of them refers to it with $ref instead of repeating it.
 */
export const RESPONSE_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  Problem: ProblemSchema,
  Address: AddressViewSchema,
  Contact: ContactViewSchema,
  LogbookEntry: LogbookEntryViewSchema,
  ScoreReason: ScoreReasonViewSchema,
  Inquiry: InquiryViewSchema,
  InquiryPage: InquiryPageSchema,
  Customer: CustomerViewSchema,
  CustomerPage: CustomerPageSchema,
  CustomerRecord: CustomerRecordViewSchema,
  CatalogEntry: CatalogEntryViewSchema,
  CatalogList: CatalogListSchema,
  Ticket: TicketViewSchema,
  TicketPage: TicketPageSchema,
  Order: OrderViewSchema,
  OrderPage: OrderPageSchema,
  Attachment: AttachmentViewSchema,
  AttachmentList: AttachmentListSchema,
  StaffMember: StaffViewSchema,
  StaffList: StaffListSchema,
  Notification: NotificationViewSchema,
  NotificationList: NotificationListViewSchema,
  MarkedRead: MarkedReadSchema,
  ScoreWeights: ScoreWeightsViewSchema,
};
