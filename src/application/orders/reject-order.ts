import { inject, injectable } from "tsyringe";
import { type WebOrder } from "../../domain/order/order.js";
import { type Failure } from "../../domain/shared/failure.js";
import { type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { decideIn } from "./orders.js";

@injectable()
export class RejectOrder {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, orderId: string): Promise<Result<WebOrder, Failure>> {
    return this.uow.run(workspaceId, (tx) => decideIn(tx, { ids: this.ids, clock: this.clock }, orderId, "rejected"));
  }
}
