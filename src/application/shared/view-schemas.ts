import { z } from "zod";

/*
 * Building blocks of the response views' zod schemas. The views' TypeScript types are derived
 * from these schemas, and the API reference is generated from them, so a view cannot change
 * without its documentation changing too.
 */

/**
 * True when A and B accept exactly the same values (mutually assignable). Used with `Assert` to
 * prove at compile time that a view schema matches a domain type it is copied from by spreading
 * or by reference, where TypeScript's excess-property check does not look.
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Fails to compile unless its argument is `true`. */
export type Assert<T extends true> = T;

/** An instant as the API writes it: ISO 8601 in UTC, e.g. 2026-11-26T09:51:13.000Z. */
export const TimestampSchema = z.iso.datetime();

/** A calendar date: YYYY-MM-DD. */
export const CalendarDateSchema = z.iso.date();

/** A list answered whole: `{ items }`. */
export function listOf<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item).readonly() });
}

/** One page of a listing: `{ items, nextCursor }`; `nextCursor` is null on the last page. */
export function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item).readonly(),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page."),
  });
}
