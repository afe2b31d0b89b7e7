import { z } from "zod";
import { isEmail } from "../../domain/shared/text.js";
import { multiLine, singleLine } from "../shared/text-input.js";

/*
 * The flat field names a website form sends. They are mapped onto the same CreateInquiry input
 * every other channel uses, so customer matching, scoring and defaults stay identical.
 */

const requiredText = (max: number, lines: typeof singleLine = singleLine) =>
  lines(z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") }))
    .trim()
    .min(1, "is required")
    .max(max, `must be at most ${max} characters`);
const optionalText = (max: number) =>
  singleLine(z.string({ error: "must be text" })).trim().max(max, `must be at most ${max} characters`).optional();

/** Sites may add fields of their own; they are kept in the inquiry's notes, within these limits. */
export const MAX_EXTRA_FIELDS = 20;
export const MAX_EXTRA_FIELD_LENGTH = 400;
export const MAX_MESSAGE_LENGTH = 10_000;

/** The hidden field that people never see and bots fill in. */
export const HONEYPOT_FIELD = "website";
/** When the page loaded the form (epoch milliseconds), set by its script; absent without JavaScript. */
export const LOADED_FIELD = "_loaded";
/** The privacy-consent checkbox; required only when the server is configured to require it. */
export const CONSENT_FIELD = "consent";
/** What the notes say when the visitor ticked the consent box. */
export const CONSENT_NOTE = "Einwilligung zur Datenverarbeitung: erteilt";

/** The field that carries a publishable key in a plain HTML form. */
export const KEY_FIELD = "key";
export const DEFAULT_FORM_SOURCE = "Website";

export const ExtraFieldValue = z.union([
  multiLine(z.string()).max(MAX_EXTRA_FIELD_LENGTH, `must be at most ${MAX_EXTRA_FIELD_LENGTH} characters`),
  z.number(),
  z.boolean(),
  z.array(multiLine(z.string()).max(MAX_EXTRA_FIELD_LENGTH)).max(20),
]);

export const FormInquiryFields = z
  .object({
    name: requiredText(200).describe("Name of the person asking (Vor- und Nachname)."),
    // Checked here, not only later by CreateInquiry, so one answer names every bad field at once.
    email: requiredText(254)
      .refine((value) => value === "" || isEmail(value), "is not a valid e-mail address")
      .describe("E-mail address to answer to; an existing customer with it is matched."),
    phone: optionalText(50).describe("Telephone number."),
    street: optionalText(200).describe("Street and number of the address."),
    zipcode: optionalText(20).describe("Postcode."),
    city: optionalText(100).describe("City."),
    subject: optionalText(300).describe("Becomes the inquiry's title (default: 'Anfrage von <name>')."),
    message: requiredText(MAX_MESSAGE_LENGTH, multiLine).describe("The message; stored as the inquiry's notes."),
    category: optionalText(200).describe("Project category or trade, e.g. 'Dach'."),
    source: optionalText(100).describe(`The inquiry's source (default '${DEFAULT_FORM_SOURCE}').`),
    [CONSENT_FIELD]: z
      .union([z.string(), z.boolean()], { error: "must be a checkbox value" })
      .optional()
      .describe("The privacy-consent checkbox (any value: ticked). Required when the server sets LEADPORT_FORM_REQUIRE_CONSENT=true."),
    [KEY_FIELD]: z.string().optional().describe("The publishable key, when not sent as X-API-KEY or ?key=."),
    [HONEYPOT_FIELD]: z.string().optional().describe("Honeypot: leave empty. A filled-in value is answered as success and the inquiry held for review."),
    [LOADED_FIELD]: z.union([z.string(), z.number()]).optional()
      .describe("When the page loaded the form, in epoch milliseconds (set by the page's script). Sent sooner than LEADPORT_FORM_MIN_FILL_SECONDS after it: held for review. Absent: not judged on speed."),
  })
  .catchall(ExtraFieldValue)
  .describe(
    `Any further field (at most ${MAX_EXTRA_FIELDS}, each at most ${MAX_EXTRA_FIELD_LENGTH} characters) is appended to the notes as 'name: value'.`,
  );
export type FormInquiryFields = z.input<typeof FormInquiryFields>;

/** Where each form field lands in CreateInquiry input, so its errors can name the form field again. */
export const FORM_FIELD_TARGETS: Readonly<Record<string, string>> = {
  name: "contact.name",
  email: "contact.email",
  phone: "contact.phone",
  street: "address.street",
  zipcode: "address.zipcode",
  city: "address.city",
  subject: "title",
  message: "notes",
  category: "category",
  source: "source",
};
