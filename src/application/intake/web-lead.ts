import { inject, injectable } from "tsyringe";
import { z } from "zod";
import { multiLine, singleLine } from "../shared/text-input.js";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import { createOrderIn } from "../orders/orders.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { parseInput } from "../shared/validation.js";
import { createTicketIn } from "../tickets/tickets.js";
import { TOKENS } from "../tokens.js";

export const WEB_LEAD_TYPES = ["order", "ticket"] as const;

/**
 * The web-to-CRM payload. Not strict: website forms send all sorts of extra fields,
 * and the vendor's endpoint ignored them, so integrations written for it must keep working.
 */
export const WebLeadInput = z.object({
  type: z.enum(WEB_LEAD_TYPES, { error: 'is required and must be "order" or "ticket"' }),
  email: singleLine(z.string({ error: "is required" })).max(254, "must be at most 254 characters"),
  subject: singleLine(z.string()).max(300, "must be at most 300 characters").nullish(),
  message: multiLine(z.string()).max(20_000, "must be at most 20000 characters").nullish(),
  total: z.number({ error: "must be a number" }).nullish(),
  name: singleLine(z.string()).max(200, "must be at most 200 characters").nullish(),
  phone: singleLine(z.string()).max(50, "must be at most 50 characters").nullish(),
});
export type WebLeadInput = z.input<typeof WebLeadInput>;

export interface WebLeadReceipt {
  readonly type: (typeof WEB_LEAD_TYPES)[number];
  readonly id: string;
}

/** A website submission: a web order for the inbox, or a ticket. */
@injectable()
export class SubmitWebLead {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, input: unknown): Promise<Result<WebLeadReceipt, Failure>> {
    const parsed = parseInput(WebLeadInput, input);
    if (!parsed.ok) return parsed;
    const lead = parsed.value;
    const services = { ids: this.ids, clock: this.clock };
    return this.uow.run(workspaceId, async (tx) => {
      const created =
        lead.type === "order"
          ? await createOrderIn(tx, services, { email: lead.email, subject: lead.subject, message: lead.message, totalEuros: lead.total })
          : await createTicketIn(tx, services, {
              email: lead.email,
              subject: lead.subject,
              message: lead.message ?? "",
              name: lead.name,
              phone: lead.phone,
            });
      return created.ok ? ok({ type: lead.type, id: created.value.id }) : created;
    });
  }
}
