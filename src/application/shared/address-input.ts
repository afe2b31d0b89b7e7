import { z } from "zod";
import { singleLine } from "./text-input.js";

const text = (max: number) => singleLine(z.string()).max(max, `must be at most ${max} characters`);

/** A postal address as every channel sends it, for customers and inquiries alike. */
export const AddressInput = z.strictObject({
  street: text(200).nullish(),
  zipcode: text(20).nullish(),
  city: text(100).nullish(),
  countryCode: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "must be a two-letter country code")
    .nullish(),
});
