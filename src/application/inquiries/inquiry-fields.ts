import type { z } from "zod";
import type { InquiryFields } from "../../domain/inquiry/inquiry.js";
import { eurosToCents } from "../../domain/shared/money.js";
import type { UpdateInquiryInput } from "./inquiry-schemas.js";

type ParsedFields = z.output<typeof UpdateInquiryInput>;

const cents = (euros: number | null | undefined): number | null | undefined =>
  euros === undefined || euros === null ? euros : (eurosToCents(euros) ?? undefined);

/** Translates validated input (euros, nested budget) into the domain's field set (cents). */
export function toInquiryFields(input: ParsedFields): InquiryFields {
  const budget = input.budget;
  return {
    title: input.title,
    contact: input.contact ?? undefined,
    address: input.address,
    projectAddress: input.projectAddress,
    expectedValueCents: cents(input.expectedValue),
    probability: input.probability,
    urgency: input.urgency,
    assignee: input.assignee,
    followUpDate: input.followUpDate,
    expectedCloseDate: input.expectedCloseDate,
    desiredStartDate: input.desiredStartDate,
    category: input.category,
    budgetMinCents: budget === null ? null : cents(budget?.min),
    budgetMaxCents: budget === null ? null : cents(budget?.max),
    tags: input.tags,
    notes: input.notes,
    externalRef: input.externalRef,
  };
}
