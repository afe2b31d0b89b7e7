import type { QuarantineRule } from "./survey.js";

export const DAY_MS = 24 * 60 * 60 * 1000;

/** An earlier (or already scheduled) invitation of the same person: which survey, and when it goes out. */
export interface PriorContact {
  readonly surveyId: string;
  readonly at: Date;
}

export type QuarantineVerdict =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly lastSurveyedAt: Date; readonly eligibleFrom: Date };

/**
 * Whether a person may be invited to `surveyId` at `at`, given the contacts they already had or
 * have scheduled. A contact counts when it is of the same survey (or of any survey when the rule
 * says so) and lies less than the rule's days away, before or after: a scheduled invitation in
 * the near future blocks as much as one sent yesterday. A quarantined person is told when they
 * become eligible: the window's end after the latest blocking contact.
 */
export function checkQuarantine(surveyId: string, rule: QuarantineRule, prior: readonly PriorContact[], at: Date): QuarantineVerdict {
  if (rule.days <= 0) return { admitted: true };
  const window = rule.days * DAY_MS;
  const blocking = prior.filter(
    (contact) => (rule.acrossSurveys || contact.surveyId === surveyId) && Math.abs(at.getTime() - contact.at.getTime()) < window,
  );
  if (blocking.length === 0) return { admitted: true };
  const latest = Math.max(...blocking.map((contact) => contact.at.getTime()));
  return { admitted: false, lastSurveyedAt: new Date(latest), eligibleFrom: new Date(latest + window) };
}
