import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { type CustomerRecord, INQUIRIES_PER_CUSTOMER } from "./customer-queries.js";

@injectable()
export class GetCustomer {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, customerId: string): Promise<Result<CustomerRecord, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const customer = await tx.customers.findById(customerId);
      if (!customer) return err(notFound("customer"));
      const inquiries = await tx.inquiries.list({ customerId }, { limit: INQUIRIES_PER_CUSTOMER, after: null });
      const tickets = await tx.tickets.list({ customerId }, { limit: INQUIRIES_PER_CUSTOMER, after: null });
      const orders = await tx.orders.list({ customerId }, { limit: INQUIRIES_PER_CUSTOMER, after: null });
      return ok({ customer, inquiries: inquiries.items, tickets: tickets.items, orders: orders.items });
    });
  }
}
