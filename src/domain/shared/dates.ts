/** A calendar date without time of day, as `YYYY-MM-DD`. */
export type CalendarDate = string;

export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const DAY_MS = 86_400_000;

/** Whole days from `now` until the start of `date` (negative when it lies in the past). */
export function daysUntil(date: CalendarDate, now: Date): number {
  const target = Date.parse(`${date}T00:00:00Z`);
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  return Math.round((target - today) / DAY_MS);
}
