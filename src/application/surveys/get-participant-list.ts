import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { SURVEYS } from "./survey-store.js";
import { toMembershipView, type MembershipView } from "./participant-lists.js";

@injectable()
export class GetParticipantList {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, listId: string): Promise<Result<MembershipView, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const list = await tx.use(SURVEYS).lists.findById(listId);
      return list ? ok(toMembershipView(list, { added: 0, updated: 0, removed: 0, unchanged: list.members.length })) : err(notFound(`participant list ${listId}`));
    });
  }
}
