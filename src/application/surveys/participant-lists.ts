import { inject, injectable } from "tsyringe";
import { invalid, notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { patchMembers, replaceMembers, type MembershipChange, type ParticipantList } from "../../domain/survey/participant-list.js";
import type { Participant } from "../../domain/survey/invitation.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { resolveParticipants, withinParticipantLimit } from "./admission.js";
import { PatchMembersInput, ReplaceMembersInput } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";
import { SURVEY_TOKENS, type SurveySettings } from "./survey-tokens.js";

/** A list's id is chosen by the directory that syncs it (e.g. "mitarbeitende", "kunden-nord"). */
const LIST_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface MembershipView extends MembershipChange {
  readonly id: string;
  readonly members: readonly Participant[];
}

const view = (list: ParticipantList, change: MembershipChange): MembershipView => ({
  id: list.id,
  members: list.members.map((member) => ({ ...member, variables: { ...member.variables } })),
  ...change,
});

async function saveList(tx: WorkspaceTransaction, services: { clock: Clock; ids: IdGenerator }, id: string, members: Participant[], change: MembershipChange): Promise<MembershipView> {
  const list: ParticipantList = { id, workspaceId: tx.workspaceId, members, updatedAt: services.clock.now().toISOString() };
  await tx.use(SURVEYS).lists.save(list);
  if (change.added + change.updated + change.removed > 0) {
    await tx.outbox.add(domainEvent(services.ids, services.clock, tx.workspaceId, "ParticipantListChanged", id, { listId: id, added: change.added, updated: change.updated, removed: change.removed }));
  }
  return view(list, change);
}

/** PUT: the list becomes exactly the members sent (created on first use); repeating it changes nothing. */
@injectable()
export class ReplaceListMembers {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(SURVEY_TOKENS.Settings) private readonly settings: SurveySettings,
  ) {}

  async execute(workspaceId: string, listId: string, input: ReplaceMembersInput): Promise<Result<MembershipView, Failure>> {
    if (!LIST_ID.test(listId)) return err(invalid("id", "must be 1-64 letters, digits, ., _ or -"));
    const parsed = parseInput(ReplaceMembersInput, input);
    if (!parsed.ok) return parsed;
    const limit = withinParticipantLimit("members", parsed.value.members.length, this.settings.maxParticipantsPerRequest);
    if (!limit.ok) return limit;
    return this.uow.run(workspaceId, async (tx) => {
      const wanted = await resolveParticipants(tx, parsed.value.members, "members");
      if (!wanted.ok) return wanted;
      const current = await tx.use(SURVEYS).lists.findById(listId);
      const { members, change } = replaceMembers(current?.members ?? [], wanted.value);
      return ok(await saveList(tx, { clock: this.clock, ids: this.ids }, listId, members, change));
    });
  }
}

/** PATCH: adds or updates single members and removes others by address. */
@injectable()
export class PatchListMembers {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(SURVEY_TOKENS.Settings) private readonly settings: SurveySettings,
  ) {}

  async execute(workspaceId: string, listId: string, input: PatchMembersInput): Promise<Result<MembershipView, Failure>> {
    const parsed = parseInput(PatchMembersInput, input);
    if (!parsed.ok) return parsed;
    const { add = [], remove = [] } = parsed.value;
    const limit = withinParticipantLimit("add", add.length + remove.length, this.settings.maxParticipantsPerRequest);
    if (!limit.ok) return limit;
    return this.uow.run(workspaceId, async (tx) => {
      const current = await tx.use(SURVEYS).lists.findById(listId);
      if (!current) return err(notFound(`participant list ${listId}`));
      const upsert = await resolveParticipants(tx, add, "add");
      if (!upsert.ok) return upsert;
      const { members, change } = patchMembers(current.members, upsert.value, remove);
      return ok(await saveList(tx, { clock: this.clock, ids: this.ids }, listId, members, change));
    });
  }
}

@injectable()
export class GetParticipantList {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(workspaceId: string, listId: string): Promise<Result<MembershipView, Failure>> {
    return this.uow.read(workspaceId, async (tx) => {
      const list = await tx.use(SURVEYS).lists.findById(listId);
      return list ? ok(view(list, { added: 0, updated: 0, removed: 0, unchanged: list.members.length })) : err(notFound(`participant list ${listId}`));
    });
  }
}
