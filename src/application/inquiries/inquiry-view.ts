import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import { centsToEuros } from "../../domain/shared/money.js";

const euros = (cents: number | null): number | null => (cents === null ? null : centsToEuros(cents));

/** The public shape of an inquiry: money in euros, everything else as stored. */
export interface InquiryView {
  readonly id: string;
  readonly title: string;
  readonly customerId: string;
  readonly customerMatch: Inquiry["customerMatch"];
  readonly contact: Inquiry["contact"];
  readonly address: Inquiry["address"];
  readonly projectAddress: Inquiry["projectAddress"];
  readonly status: string;
  readonly source: string;
  readonly expectedValue: number | null;
  readonly probability: number | null;
  readonly urgency: Inquiry["urgency"];
  readonly assignee: string | null;
  readonly followUpDate: string | null;
  readonly expectedCloseDate: string | null;
  readonly desiredStartDate: string | null;
  readonly category: string | null;
  readonly budget: { readonly min: number | null; readonly max: number | null } | null;
  readonly tags: readonly string[];
  readonly notes: string | null;
  readonly logbook: Inquiry["logbook"];
  readonly externalRef: string | null;
  readonly leadScore: number;
  readonly leadScoreReasons: Inquiry["leadScoreReasons"];
  readonly wonAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

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
    wonAt: inquiry.wonAt,
    createdAt: inquiry.createdAt,
    updatedAt: inquiry.updatedAt,
  };
}
