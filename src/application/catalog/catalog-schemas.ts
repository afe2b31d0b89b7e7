import { z } from "zod";
import { singleLine } from "../shared/text-input.js";

const entryName = singleLine(z.string()).max(100, "must be at most 100 characters").refine((name) => name.trim() !== "", "must not be empty");

/** A catalog entry is named by its id or, case-insensitively, by its name. */
const EntryRef = z.string().min(1, "must name a status or source (id or name)").max(100);

export const ChangeCatalogEntryInput = z.strictObject({
  name: entryName.optional().describe("A new name; inquiries with this entry take it over."),
  position: z.number().int().min(1, "must be 1 or more").optional().describe("Place in the list, from 1; the others move along."),
  scoreWeight: z.number().min(0, "must be from 0 to 1").max(1, "must be from 0 to 1").nullable().optional()
    .describe("Sources only: 0..1, the source's weight in the lead score (null: the default, 0.5). Its inquiries are rescored."),
});
export type ChangeCatalogEntryInput = z.input<typeof ChangeCatalogEntryInput>;

export const MergeCatalogEntryInput = z.strictObject({
  into: EntryRef.describe("The entry that takes over this one's inquiries (id or name)."),
});
export type MergeCatalogEntryInput = z.input<typeof MergeCatalogEntryInput>;

export const DeleteCatalogEntryInput = z.strictObject({
  moveTo: EntryRef.optional().describe("Where this entry's inquiries go (id or name); needed when any use it."),
});
export type DeleteCatalogEntryInput = z.input<typeof DeleteCatalogEntryInput>;
