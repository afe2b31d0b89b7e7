import { inject, injectable } from "tsyringe";
import { z } from "zod";
import type { Mailer } from "../ports/mailer.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { OutboxHandler } from "../outbox/outbox-handler.js";
import { TOKENS } from "../tokens.js";

/** What a `StaffMailRequested` message carries: the mail as rendered when the event happened. */
export const StaffMail = z.object({
  messageId: z.string().min(3),
  to: z.object({ name: z.string(), address: z.string() }),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
});
export type StaffMail = z.output<typeof StaffMail>;

/** Sends the mail a `StaffMailRequested` message carries; rendered when the event happened, so a retry sends the same mail. */
@injectable()
export class SendStaffMail implements OutboxHandler {
  readonly name = "send-staff-mail";
  readonly eventTypes = ["StaffMailRequested"] as const;

  constructor(@inject(TOKENS.Mailer) private readonly mailer: Mailer) {}

  async handle(message: OutboxMessage): Promise<void> {
    const parsed = StaffMail.safeParse(message.payload);
    if (!parsed.success) throw new Error(`StaffMailRequested ${message.id}: unreadable payload`);
    await this.mailer.send(parsed.data);
  }
}
