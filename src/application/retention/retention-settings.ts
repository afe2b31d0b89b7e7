import { z } from "zod";
import { type RetentionPolicy } from "../../domain/workspace/retention.js";
import type { Assert, SameShape } from "../shared/view-schemas.js";

const period = (what: string) => z.number().int().nullable().describe(`${what}; null keeps them for good.`);

export const RetentionViewSchema = z.object({
  closedTicketsMonths: period("Months after closing that a ticket is deleted"),
  lostInquiriesMonths: period("Months after its last change that an inquiry in a lost status is deleted (with its files)"),
  deliveredEventsDays: period("Days after delivery that an outbox event and the stored copy of its mail are deleted"),
  surveyResponsesDays: period(
    "Days after answering that a survey response is deleted, and days after admission that an invitation is deleted once it is answered (and its answer gone) or has nothing left to send, with the stored copies of its mails",
  ),
});

export type RetentionView = z.output<typeof RetentionViewSchema>;

type _ViewIsThePolicy = Assert<SameShape<RetentionView, RetentionPolicy>>;

/** A partial change; ranges are the domain's rule (changeRetention). */
export const ChangeRetentionInput = z.strictObject({
  closedTicketsMonths: z.number().nullable().optional(),
  lostInquiriesMonths: z.number().nullable().optional(),
  deliveredEventsDays: z.number().nullable().optional(),
  surveyResponsesDays: z.number().nullable().optional(),
});

export type ChangeRetentionInput = z.input<typeof ChangeRetentionInput>;
