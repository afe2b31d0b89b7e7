import { inject, injectable } from "tsyringe";
import { notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { patchMembers } from "../../domain/survey/participant-list.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { resolveParticipants, withinParticipantLimit } from "./admission.js";
import { PatchMembersInput } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";
import { SURVEY_TOKENS, type SurveySettings } from "./survey-tokens.js";
import { saveList, type MembershipView } from "./participant-lists.js";

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
