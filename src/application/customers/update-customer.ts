import { inject, injectable } from "tsyringe";
import type { Customer } from "../../domain/customer/customer.js";
import { changedCustomerFields, editCustomer } from "../../domain/customer/edit.js";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { UpdateCustomerInput } from "./customer-schemas.js";
import { toCustomerView } from "./customer-view.js";

@injectable()
export class UpdateCustomer {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, customerId: string, input: UpdateCustomerInput): Promise<Result<Customer, Failure>> {
    const parsed = parseInput(UpdateCustomerInput, input);
    if (!parsed.ok) return parsed;
    const { type, ...fields } = parsed.value;
    return this.uow.run(workspaceId, async (tx) => {
      const current = await tx.customers.findById(customerId);
      if (!current) return err(notFound("customer"));
      const edited = editCustomer(current, { ...fields, kind: type }, this.clock.now());
      if (!edited.ok || edited.value === current) return edited;
      await tx.customers.update(edited.value);
      await tx.outbox.add(
        domainEvent(this.ids, this.clock, workspaceId, "CustomerUpdated", customerId, {
          customer: toCustomerView(edited.value),
          changed: changedCustomerFields(current, edited.value),
        }),
      );
      return ok(edited.value);
    });
  }
}
