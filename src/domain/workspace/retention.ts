import type { FieldIssue } from "../shared/failure.js";
import { err, ok, type Result } from "../shared/result.js";

/**
 * How long a workspace keeps what it no longer needs; `null` keeps it for good. Closed tickets and
 * lost inquiries are business records whose period depends on the business (off by default);
 * delivered outbox events and the stored copies of their mails are copies of data kept elsewhere
 * and serve only troubleshooting, so they go after 30 days unless told otherwise. Survey answers
 * and invitations are kept until told otherwise, as results and quarantines are computed from them.
 */
export interface RetentionPolicy {
  readonly closedTicketsMonths: number | null;
  readonly lostInquiriesMonths: number | null;
  readonly deliveredEventsDays: number | null;
  /** Days after answering that a survey response goes, and an invitation with nothing left to send or answered. */
  readonly surveyResponsesDays: number | null;
}

export const DEFAULT_RETENTION: RetentionPolicy = { closedTicketsMonths: null, lostInquiriesMonths: null, deliveredEventsDays: 30, surveyResponsesDays: null };

export const RETENTION_SETTINGS = ["closedTicketsMonths", "lostInquiriesMonths", "deliveredEventsDays", "surveyResponsesDays"] as const;

const LIMITS: Readonly<Record<keyof RetentionPolicy, number>> = {
  closedTicketsMonths: 1200,
  lostInquiriesMonths: 1200,
  deliveredEventsDays: 36500,
  surveyResponsesDays: 36500,
};

/** A workspace's stored policy, with the defaults for settings added after it was stored (or for none stored). */
export function retentionPolicyOf(stored: Partial<RetentionPolicy> | undefined): RetentionPolicy {
  return { ...DEFAULT_RETENTION, ...stored };
}

/** Applies a partial change: whole numbers from 1 (a month, a day) up to a hundred years, or null for "keep". */
export function changeRetention(current: RetentionPolicy, change: Partial<Record<keyof RetentionPolicy, number | null>>): Result<RetentionPolicy, FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const next: Record<keyof RetentionPolicy, number | null> = { ...current };
  for (const setting of RETENTION_SETTINGS) {
    const value = change[setting];
    if (value === undefined) continue;
    if (value !== null && (!Number.isInteger(value) || value < 1 || value > LIMITS[setting])) {
      issues.push({ path: setting, message: `must be a whole number from 1 to ${LIMITS[setting]}, or null to keep for good` });
      continue;
    }
    next[setting] = value;
  }
  return issues.length > 0 ? err(issues) : ok(next);
}

/** The moments before which records of each kind are due, or null where the workspace keeps them. */
export interface RetentionCutoffs {
  readonly closedTicketsBefore: string | null;
  readonly lostInquiriesBefore: string | null;
  readonly deliveredEventsBefore: string | null;
  readonly surveyResponsesBefore: string | null;
}

/** Calendar months back (31 March minus one month is the last day of February), days back in UTC. */
export function retentionCutoffs(policy: RetentionPolicy, now: Date): RetentionCutoffs {
  const monthsBack = (months: number | null) => {
    if (months === null) return null;
    const date = new Date(now);
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() - months);
    const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    date.setUTCDate(Math.min(day, lastDay));
    return date.toISOString();
  };
  const daysBack = (days: number | null) => (days === null ? null : new Date(now.getTime() - days * 86_400_000).toISOString());
  return {
    closedTicketsBefore: monthsBack(policy.closedTicketsMonths),
    lostInquiriesBefore: monthsBack(policy.lostInquiriesMonths),
    deliveredEventsBefore: daysBack(policy.deliveredEventsDays),
    surveyResponsesBefore: daysBack(policy.surveyResponsesDays),
  };
}
