import { inject, injectable } from "tsyringe";
import { invalid, notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { type DispatchSource, type Invitation, type Participant } from "../../domain/survey/invitation.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { admitInto, newDispatch, recordDispatched, resolveParticipants, withinParticipantLimit } from "./admission.js";
import { CreateDispatchInput, splitInvitations, toDispatchView, type DispatchReportView, type DispatchView } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";
import { SURVEY_TOKENS, type SurveySettings } from "./survey-tokens.js";
import { MINUTE_MS } from "./dispatch-delay.js";

/**
 * Sends a survey out: shared (one dispatch, more participants may follow, no reminders) or
 * personal (one dispatch per participant, with reminders), to participants given or to a
 * participant list. The answer names who was invited and who the quarantine skipped, until when.
 */
@injectable()
export class CreateDispatch {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.Secrets) private readonly secrets: Secrets,
    @inject(SURVEY_TOKENS.Settings) private readonly settings: SurveySettings,
  ) {}

  async execute(workspaceId: string, surveyId: string, input: CreateDispatchInput): Promise<Result<DispatchReportView, Failure>> {
    const parsed = parseInput(CreateDispatchInput, input);
    if (!parsed.ok) return parsed;
    const { mode, participants: given = [], listId, delayMinutes = 0 } = parsed.value;
    const limit = withinParticipantLimit("participants", given.length, this.settings.maxParticipantsPerRequest);
    if (!limit.ok) return limit;
    if (listId !== undefined && given.length > 0) return err(invalid("listId", "cannot be combined with participants"));
    if (mode === "personal" && listId === undefined && given.length === 0) return err(invalid("participants", "a personal dispatch needs participants or a listId"));
    const services = { clock: this.clock, ids: this.ids, secrets: this.secrets };
    return this.uow.run(workspaceId, async (tx) => {
      const store = tx.use(SURVEYS);
      const survey = await store.surveys.findById(surveyId);
      if (!survey) return err(notFound("survey"));
      let participants: Participant[];
      let source: DispatchSource = { kind: "api" };
      if (listId !== undefined) {
        const list = await store.lists.findById(listId);
        if (!list) return err(notFound(`participant list ${listId}`));
        participants = [...list.members];
        source = { kind: "list", listId };
      } else {
        const resolved = await resolveParticipants(tx, given, "participants");
        if (!resolved.ok) return resolved;
        participants = resolved.value;
      }
      const now = this.clock.now();
      const sendAt = new Date(now.getTime() + delayMinutes * MINUTE_MS);
      const groups = mode === "shared" ? [participants] : participants.map((participant) => [participant]);
      const dispatches: DispatchView[] = [];
      const all: Invitation[] = [];
      for (const group of groups) {
        const dispatch = newDispatch(services, workspaceId, survey, mode, source);
        await store.dispatches.insert(dispatch);
        const admitted = await admitInto(tx, services, survey, dispatch, group, sendAt);
        await recordDispatched(tx, services, "SurveyDispatched", dispatch, admitted);
        dispatches.push(toDispatchView(dispatch, admitted, now));
        all.push(...admitted);
      }
      return ok({ dispatches, ...splitInvitations(all) });
    });
  }
}
