/** The languages Leadport writes to people in (mails, reasons, record pages). */
export type Locale = "de" | "en";
