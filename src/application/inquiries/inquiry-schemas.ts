import { z } from "zod";
import { isCalendarDate } from "../../domain/shared/dates.js";
import { eurosToCents } from "../../domain/shared/money.js";
import { URGENCIES } from "../../domain/inquiry/inquiry.js";
import { multiLine, singleLine } from "../shared/text-input.js";
import { MAX_PAGE_SIZE } from "../shared/list-query.js";
import { AddressInput } from "../shared/address-input.js";

/*
 * The input contract of every channel (HTTP, CLI import, library). Shapes and types are checked
 * here; business invariants (ranges, e-mail format, budget order) live in the domain so that
 * they also hold for merged updates.
 */

const text = (max: number) => singleLine(z.string()).max(max, `must be at most ${max} characters`);
const freeText = (max: number) => multiLine(z.string()).max(max, `must be at most ${max} characters`);

export const Euros = z
  .number()
  .refine((value) => eurosToCents(value) !== null, "must be an amount in euros with at most two decimals");

export const CalendarDateInput = z
  .string()
  .refine(isCalendarDate, "must be a date as YYYY-MM-DD");

export { AddressInput };

export const ContactInput = z.strictObject({
  name: text(200).nullish(),
  email: text(254).nullish(),
  phone: text(50).nullish(),
});

export const CustomerInput = z.strictObject({
  id: z.string().min(1).max(64).optional(),
  type: z.enum(["person", "company"]).optional(),
  salutation: text(50).nullish(),
  firstName: text(100).nullish(),
  lastName: text(100).nullish(),
  companyName: text(200).nullish(),
  email: text(254).nullish(),
  phone: text(50).nullish(),
  address: AddressInput.nullish(),
});

export const BudgetInput = z.strictObject({
  min: Euros.nullish(),
  max: Euros.nullish(),
});

const editableFields = {
  title: text(300).optional(),
  contact: ContactInput.optional(),
  address: AddressInput.nullish(),
  projectAddress: AddressInput.nullish(),
  status: text(100).min(1, "must not be empty").optional(),
  source: text(100).min(1, "must not be empty").optional(),
  expectedValue: Euros.nullish(),
  probability: z.number().nullish(),
  urgency: z.enum(URGENCIES).optional(),
  assignee: text(254).nullish(),
  followUpDate: CalendarDateInput.nullish(),
  expectedCloseDate: CalendarDateInput.nullish(),
  desiredStartDate: CalendarDateInput.nullish(),
  category: text(200).nullish(),
  budget: BudgetInput.nullish(),
  tags: z.array(text(50)).max(50, "must have at most 50 tags").optional(),
  notes: freeText(20_000).nullish(),
  externalRef: text(200).nullish(),
  /** A first (create) or further (update) logbook entry. */
  comment: freeText(20_000).optional(),
};

export const CreateInquiryInput = z.strictObject({
  ...editableFields,
  customer: CustomerInput.optional(),
});
export type CreateInquiryInput = z.input<typeof CreateInquiryInput>;

export const UpdateInquiryInput = z.strictObject(editableFields);
export type UpdateInquiryInput = z.input<typeof UpdateInquiryInput>;


export const INQUIRY_SORTS = ["createdAt", "-createdAt", "leadScore", "-leadScore", "followUpDate", "-followUpDate"] as const;
export const FOLLOW_UP_DUE = ["today", "overdue"] as const;

export const ListInquiriesInput = z.strictObject({
  status: z.string().optional(),
  source: z.string().optional(),
  assignee: z.string().optional(),
  tag: z.string().optional(),
  customerId: z.string().optional(),
  q: z.string().max(200).optional(),
  createdAfter: z.iso.datetime({ offset: true }).or(CalendarDateInput).optional(),
  createdBefore: z.iso.datetime({ offset: true }).or(CalendarDateInput).optional(),
  minScore: z.coerce.number().min(0, "must be from 0 to 100").max(100, "must be from 0 to 100").optional()
    .describe("Only inquiries with at least this lead score."),
  held: z.enum(["true", "false"]).optional()
    .describe("`true`: only inquiries held for review as suspected spam; default `false`: only the others."),
  followUpDue: z.enum(FOLLOW_UP_DUE).optional()
    .describe("`today`: follow-up date is today; `overdue`: before today (in the workspace's time zone, Europe/Berlin)."),
  sort: z.enum(INQUIRY_SORTS).optional()
    .describe("Sort key, `-` for descending; default `-createdAt` (newest first). Inquiries without a follow-up date come last."),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`).optional(),
  cursor: z.string().max(500).optional(),
});
export type ListInquiriesInput = z.input<typeof ListInquiriesInput>;

export { MAX_PAGE_SIZE };
