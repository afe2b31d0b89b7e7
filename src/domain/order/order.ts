import { blankToNull } from "../customer/address.js";
import { conflict, invalid, type Failure } from "../shared/failure.js";
import { eurosToCents, type Cents } from "../shared/money.js";
import { err, ok, type Result } from "../shared/result.js";
import { senderEmail, type NewRecordIdentity } from "../ticket/ticket.js";

/** `new` waits in the inbox ("Web-Bestellungen") until staff accept or reject it. */
export const ORDER_STATUSES = ["new", "accepted", "rejected"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type OrderDecision = Exclude<OrderStatus, "new">;

/** A sale or binding booking made on a website. */
export interface WebOrder {
  readonly id: string;
  readonly workspaceId: string;
  readonly email: string;
  readonly subject: string | null;
  readonly message: string | null;
  /** Gross total in euro cents. */
  readonly totalCents: Cents;
  readonly status: OrderStatus;
  readonly customerId: string | null;
  readonly decidedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface OrderFacts {
  readonly email: string;
  readonly subject?: string | null;
  readonly message?: string | null;
  /** Gross total in euros as sent (49.90); absent means nothing to charge. */
  readonly totalEuros?: number | null;
}

export function newOrder(identity: NewRecordIdentity, facts: OrderFacts): Result<WebOrder, Failure> {
  const email = senderEmail(facts.email);
  if (!email.ok) return email;
  const totalCents = eurosToCents(facts.totalEuros ?? 0);
  if (totalCents === null) return err(invalid("total", "must be an amount in euros with at most two decimals"));
  if (totalCents < 0) return err(invalid("total", "must not be negative"));
  const timestamp = identity.now.toISOString();
  return ok({
    id: identity.id,
    workspaceId: identity.workspaceId,
    email: email.value,
    subject: blankToNull(facts.subject),
    message: blankToNull(facts.message),
    totalCents,
    status: "new",
    customerId: identity.customerId,
    decidedAt: null,
    createdAt: timestamp,
    updatedAt: timestamp,
  });
}

/** new → accepted | rejected, once: a decided order is never decided again. */
export function decideOrder(order: WebOrder, decision: OrderDecision, now: Date): Result<WebOrder, Failure> {
  if (order.status !== "new") return err(conflict(`order ${order.id} is already ${order.status}`));
  const timestamp = now.toISOString();
  return ok({ ...order, status: decision, decidedAt: timestamp, updatedAt: timestamp });
}
