import { DEFAULT_TIME_ZONE, addDays, calendarDateIn } from "../../domain/shared/time-zone.js";
import type { InquiryQuery, InquirySort, InquirySortKey } from "../ports/repositories.js";
import type { PagePosition } from "../ports/pagination.js";
import type { Inquiry } from "../../domain/inquiry/inquiry.js";
import type { ListInquiriesInput } from "./inquiry-schemas.js";
import type { z } from "zod";

type Filters = Omit<z.output<typeof ListInquiriesInput>, "limit" | "cursor">;

/** Date-only bounds are widened to whole days: "created before 2026-12-01" excludes that day. */
function boundary(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : new Date(value).toISOString();
}

export function inquirySortOf(sort: string | undefined): InquirySort {
  if (sort === undefined) return { by: "createdAt", descending: true };
  const descending = sort.startsWith("-");
  return { by: (descending ? sort.slice(1) : sort) as InquirySortKey, descending };
}

/**
 * The repository query behind the list and the export. "Due today" and "overdue" are read
 * against the workspace's calendar, so the day turns at midnight local time, not UTC.
 */
export function inquiryQueryOf(filters: Filters, now: Date): InquiryQuery {
  const { q, createdAfter, createdBefore, followUpDue, sort, held, ...rest } = filters;
  const today = calendarDateIn(now, DEFAULT_TIME_ZONE);
  return {
    ...rest,
    text: q,
    held: held === "true",
    createdAfter: boundary(createdAfter),
    createdBefore: boundary(createdBefore),
    followUpFrom: followUpDue === "today" ? today : undefined,
    followUpBefore: followUpDue === "today" ? addDays(today, 1) : followUpDue === "overdue" ? today : undefined,
    sort: inquirySortOf(sort),
  };
}

/** The sort's name as cursors carry it; the default order keeps the plain two-part cursor. */
export function cursorSortName(sort: InquirySort): string | undefined {
  return sort.by === "createdAt" && sort.descending ? undefined : `${sort.descending ? "-" : ""}${sort.by}`;
}

/** Where the page after `inquiry` starts, in the given order. */
export function positionAfter(inquiry: Inquiry, sort: InquirySort): PagePosition {
  const name = cursorSortName(sort);
  if (name === undefined) return { createdAt: inquiry.createdAt, id: inquiry.id };
  const value = sort.by === "leadScore" ? inquiry.leadScore : sort.by === "followUpDate" ? inquiry.followUpDate : inquiry.createdAt;
  return { createdAt: inquiry.createdAt, id: inquiry.id, sort: name, sortValue: value };
}

/** A cursor belongs to one order; used with another it would skip or repeat records. */
export function cursorFits(position: PagePosition, sort: InquirySort): boolean {
  return position.sort === cursorSortName(sort);
}
