import { inject, injectable } from "tsyringe";
import { type WebOrder } from "../../domain/order/order.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

@injectable()
export class GetOrder {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, orderId: string): Promise<Result<WebOrder, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const order = await tx.orders.findById(orderId);
      return order ? ok(order) : err(notFound("order"));
    });
  }
}
