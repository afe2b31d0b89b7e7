import { inject, injectable } from "tsyringe";
import { invalid, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { replaceMembers } from "../../domain/survey/participant-list.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { resolveParticipants, withinParticipantLimit } from "./admission.js";
import { ReplaceMembersInput } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";
import { SURVEY_TOKENS, type SurveySettings } from "./survey-tokens.js";
import { saveList, type MembershipView } from "./participant-lists.js";

/** A list's id is chosen by the directory that syncs it (e.g. "mitarbeitende", "kunden-nord"). */
const LIST_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

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
