import { type MembershipChange, type ParticipantList } from "../../domain/survey/participant-list.js";
import type { Participant } from "../../domain/survey/invitation.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { SURVEYS } from "./survey-store.js";

export interface MembershipView extends MembershipChange {
  readonly id: string;
  readonly members: readonly Participant[];
}

export const toMembershipView = (list: ParticipantList, change: MembershipChange): MembershipView => ({
  id: list.id,
  members: list.members.map((member) => ({ ...member, variables: { ...member.variables } })),
  ...change,
});

export async function saveList(tx: WorkspaceTransaction, services: { clock: Clock; ids: IdGenerator }, id: string, members: Participant[], change: MembershipChange): Promise<MembershipView> {
  const list: ParticipantList = { id, workspaceId: tx.workspaceId, members, updatedAt: services.clock.now().toISOString() };
  await tx.use(SURVEYS).lists.save(list);
  if (change.added + change.updated + change.removed > 0) {
    await tx.outbox.add(domainEvent(services.ids, services.clock, tx.workspaceId, "ParticipantListChanged", id, { listId: id, added: change.added, updated: change.updated, removed: change.removed }));
  }
  return toMembershipView(list, change);
}
