import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { notFound } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { type StaffMember } from "../../domain/staff/staff.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { findStaff } from "./staff-members.js";

@injectable()
export class GetStaffMember {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, idOrEmail: string): Promise<Result<StaffMember, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const member = await findStaff(tx, idOrEmail);
      return member ? ok(member) : err(notFound("staff member"));
    });
  }
}
