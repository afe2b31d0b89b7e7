import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { type Result } from "../../domain/shared/result.js";
import { newStaffMember, type StaffMember } from "../../domain/staff/staff.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { AddStaffInput, save } from "./staff-members.js";

@injectable()
export class AddStaffMember {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(workspaceId: string, input: AddStaffInput): Promise<Result<StaffMember, Failure>> {
    const parsed = parseInput(AddStaffInput, input);
    if (!parsed.ok) return parsed;
    return this.uow.run(workspaceId, (tx) =>
      save(tx, newStaffMember(this.ids.newId(), workspaceId, parsed.value, this.clock.now()), true),
    );
  }
}
