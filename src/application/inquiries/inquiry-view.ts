import { z } from "zod";
import type { CustomerMatchKind } from "../../domain/customer/matching.js";
import { URGENCIES, type Contact, type Inquiry, type LogbookEntry } from "../../domain/inquiry/inquiry.js";
import type { ExplainedScoreReason } from "../../domain/inquiry/score-reason-text.js";
import { centsToEuros } from "../../domain/shared/money.js";
import { AddressViewSchema } from "../customers/address-view.js";
import type { Assert, SameShape } from "../shared/view-schemas.js";
import { CalendarDateSchema, pageOf, TimestampSchema } from "../shared/view-schemas.js";

const euros = (cents: number | null): number | null => (cents === null ? null : centsToEuros(cents));

/** Who got in touch, as they said it; the matched customer is `customerId`. */
export const ContactViewSchema = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
type _ContactViewIsTheDomainContact = Assert<SameShape<z.output<typeof ContactViewSchema>, Contact>>;

export const LogbookEntryViewSchema = z.object({
  id: z.string(),
  at: TimestampSchema,
  author: z.string().nullable(),
  text: z.string(),
});
type _LogbookEntryViewIsTheDomainEntry = Assert<SameShape<z.output<typeof LogbookEntryViewSchema>, LogbookEntry>>;

const SCORE_REASON_CODES = [
  "contact_known",
  "contact_missing",
  "value_expected",
  "value_missing",
  "probability_given",
  "probability_missing",
  "urgency",
  "budget_reached",
  "budget_stated",
  "budget_missing",
  "start_passed",
  "start_in_days",
  "start_missing",
  "source_weight",
] as const;

export const ScoreReasonViewSchema = z.object({
  rule: z.enum(["contact", "value", "probability", "urgency", "budget", "start", "source"]),
  code: z.enum(SCORE_REASON_CODES).describe("What the rule found; stable, for programs."),
  points: z.number().int().describe("Whole points; the reasons of one inquiry add up to its leadScore."),
  maxPoints: z.number().describe("The most this rule can give with the workspace's weights."),
  text: z.string().describe("The finding in the workspace's language (de or en), for people."),
});
type _ScoreReasonViewIsTheDomainReason = Assert<SameShape<z.output<typeof ScoreReasonViewSchema>, ExplainedScoreReason>>;

const CUSTOMER_MATCHES = ["email", "name", "created", "id"] as const;
type _CustomerMatchesAreTheDomainKinds = Assert<SameShape<(typeof CUSTOMER_MATCHES)[number], CustomerMatchKind>>;

const euroAmount = () => z.number().nullable().describe("euros, at most two decimals");

/** The public shape of an inquiry: money in euros, everything else as stored. */
export const InquiryViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  customerId: z.string(),
  customerMatch: z.enum(CUSTOMER_MATCHES).describe("How the customer was found: by e-mail, by name, created, or linked by id."),
  contact: ContactViewSchema,
  address: AddressViewSchema.nullable(),
  projectAddress: AddressViewSchema.nullable(),
  status: z.string(),
  source: z.string(),
  expectedValue: euroAmount(),
  probability: z.number().nullable().describe("0..100"),
  urgency: z.enum(URGENCIES),
  assignee: z.string().nullable().describe("E-mail of the staff member in charge."),
  followUpDate: CalendarDateSchema.nullable(),
  expectedCloseDate: CalendarDateSchema.nullable(),
  desiredStartDate: CalendarDateSchema.nullable(),
  category: z.string().nullable(),
  budget: z.object({ min: euroAmount(), max: euroAmount() }).nullable(),
  tags: z.array(z.string()).readonly(),
  notes: z.string().nullable(),
  logbook: z.array(LogbookEntryViewSchema).readonly(),
  externalRef: z.string().nullable(),
  leadScore: z.number().describe("0..100; 0 with no reasons while the inquiry is held for review"),
  leadScoreReasons: z.array(ScoreReasonViewSchema).readonly(),
  heldForReview: z.boolean().describe("Held as suspected spam: no score, no staff notification, listed only with `held=true` until released."),
  holdReasons: z.array(z.enum(["honeypot", "too_fast", "pattern"])).readonly()
    .describe("Why it is held: `honeypot` (the hidden field was filled in), `too_fast` (sent sooner after loading the form than a person types), `pattern` (matched LEADPORT_SPAM_PATTERNS)."),
  wonAt: TimestampSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type InquiryView = z.output<typeof InquiryViewSchema>;

export const InquiryPageSchema = pageOf(InquiryViewSchema).extend({
  total: z.number().int().describe("How many inquiries match the filters on all pages together: an exact count, not an estimate."),
});
export type InquiryPageView = z.output<typeof InquiryPageSchema>;

export function toInquiryView(inquiry: Inquiry): InquiryView {
  const hasBudget = inquiry.budgetMinCents !== null || inquiry.budgetMaxCents !== null;
  return {
    id: inquiry.id,
    title: inquiry.title,
    customerId: inquiry.customerId,
    customerMatch: inquiry.customerMatch,
    contact: inquiry.contact,
    address: inquiry.address,
    projectAddress: inquiry.projectAddress,
    status: inquiry.status,
    source: inquiry.source,
    expectedValue: euros(inquiry.expectedValueCents),
    probability: inquiry.probability,
    urgency: inquiry.urgency,
    assignee: inquiry.assignee,
    followUpDate: inquiry.followUpDate,
    expectedCloseDate: inquiry.expectedCloseDate,
    desiredStartDate: inquiry.desiredStartDate,
    category: inquiry.category,
    budget: hasBudget ? { min: euros(inquiry.budgetMinCents), max: euros(inquiry.budgetMaxCents) } : null,
    tags: inquiry.tags,
    notes: inquiry.notes,
    logbook: inquiry.logbook,
    externalRef: inquiry.externalRef,
    leadScore: inquiry.leadScore,
    leadScoreReasons: inquiry.leadScoreReasons,
    heldForReview: inquiry.holdReasons.length > 0,
    holdReasons: inquiry.holdReasons,
    wonAt: inquiry.wonAt,
    createdAt: inquiry.createdAt,
    updatedAt: inquiry.updatedAt,
  };
}

/** A page of inquiries with the count of all matches, as every host shows it. */
export function toInquiryPageView(page: { readonly items: readonly Inquiry[]; readonly nextCursor: string | null; readonly total: number }): {
  items: InquiryView[];
  nextCursor: string | null;
  total: number;
} {
  return { items: page.items.map(toInquiryView), nextCursor: page.nextCursor, total: page.total };
}
