export interface OutgoingMail {
  /** Stable per notification and recipient, angle brackets included: a resend is the same mail. */
  readonly messageId: string;
  readonly to: { readonly name: string; readonly address: string };
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Sends one mail or throws; the outbox dispatcher retries what throws. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}
