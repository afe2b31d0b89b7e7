import type { z } from "zod";

/** C0 controls except tab, line feed and carriage return; DEL; the C1 block. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** Bidi embeddings, overrides and isolates: they reorder how the text around them is displayed. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
const LINE_BREAKS_AND_TABS = /[\t\r\n]+/g;

export const SINGLE_LINE_MESSAGE = "must not contain control characters (such as NUL) or bidirectional overrides";
export const MULTI_LINE_MESSAGE = "must not contain control characters other than tabs and line breaks";

/**
 * One line of text: a name, title, e-mail address, phone number, street. Tabs and line breaks
 * become one space — spreadsheet cells and pasted text carry them harmlessly, and refusing them
 * would fail real imports — while NUL, the other control characters and bidi overrides, which
 * no one types and which disguise what a record says, are refused with a message naming the field.
 */
export function singleLine(schema: z.ZodString): z.ZodString {
  return schema
    .overwrite((value) => value.replace(LINE_BREAKS_AND_TABS, " "))
    .refine((value) => !CONTROL.test(value) && !BIDI_CONTROL.test(value), SINGLE_LINE_MESSAGE);
}

/** Free text (notes, messages, comments): tabs and line breaks stay, other control characters are refused. */
export function multiLine(schema: z.ZodString): z.ZodString {
  return schema.refine((value) => !CONTROL.test(value), MULTI_LINE_MESSAGE);
}
