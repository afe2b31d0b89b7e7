import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { ok, type Result } from "../../domain/shared/result.js";
import { type StaffMember } from "../../domain/staff/staff.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";

@injectable()
export class ListStaff {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string): Promise<Result<readonly StaffMember[], Failure>> {
    return this.uow.read(workspaceId, async (tx) => ok(await tx.staff.list()));
  }
}
