import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { notFound } from "../../domain/shared/failure.js";
import { err, type Result } from "../../domain/shared/result.js";
import { mergeStaffFields, type StaffMember } from "../../domain/staff/staff.js";
import type { Clock } from "../ports/clock.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { UpdateStaffInput, findStaff, save } from "./staff-members.js";

@injectable()
export class UpdateStaffMember {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute(workspaceId: string, idOrEmail: string, input: UpdateStaffInput): Promise<Result<StaffMember, Failure>> {
    const parsed = parseInput(UpdateStaffInput, input);
    if (!parsed.ok) return parsed;
    return this.uow.run(workspaceId, async (tx) => {
      const current = await findStaff(tx, idOrEmail);
      if (!current) return err(notFound("staff member"));
      const updated = { ...mergeStaffFields(current, parsed.value), updatedAt: this.clock.now().toISOString() };
      return save(tx, updated, false);
    });
  }
}
