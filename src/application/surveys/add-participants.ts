import { inject, injectable } from "tsyringe";
import { conflict, notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { isDispatchOpen } from "../../domain/survey/invitation.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { Secrets } from "../ports/secrets.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { parseInput } from "../shared/validation.js";
import { TOKENS } from "../tokens.js";
import { admitInto, recordDispatched, resolveParticipants, withinParticipantLimit } from "./admission.js";
import { AddParticipantsInput, splitInvitations, toDispatchView, type DispatchReportView } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";
import { SURVEY_TOKENS, type SurveySettings } from "./survey-tokens.js";
import { MINUTE_MS } from "./dispatch-delay.js";

/** Adds participants, one or many, to an open shared dispatch; the quarantine applies to each. */
@injectable()
export class AddParticipants {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(TOKENS.Secrets) private readonly secrets: Secrets,
    @inject(SURVEY_TOKENS.Settings) private readonly settings: SurveySettings,
  ) {}

  async execute(workspaceId: string, dispatchId: string, input: AddParticipantsInput): Promise<Result<DispatchReportView, Failure>> {
    const parsed = parseInput(AddParticipantsInput, input);
    if (!parsed.ok) return parsed;
    const limit = withinParticipantLimit("participants", parsed.value.participants.length, this.settings.maxParticipantsPerRequest);
    if (!limit.ok) return limit;
    const services = { clock: this.clock, ids: this.ids, secrets: this.secrets };
    return this.uow.run(workspaceId, async (tx) => {
      const store = tx.use(SURVEYS);
      const dispatch = await store.dispatches.findById(dispatchId);
      if (!dispatch) return err(notFound("dispatch"));
      const survey = await store.surveys.findById(dispatch.surveyId);
      if (!survey) return err(notFound("survey"));
      const now = this.clock.now();
      if (dispatch.mode !== "shared") return err(conflict("participants are added to shared dispatches only; create a personal dispatch per participant instead"));
      if (!isDispatchOpen(dispatch, now)) return err(conflict("the dispatch is closed"));
      const participants = await resolveParticipants(tx, parsed.value.participants, "participants");
      if (!participants.ok) return participants;
      const sendAt = new Date(now.getTime() + (parsed.value.delayMinutes ?? 0) * MINUTE_MS);
      const admitted = await admitInto(tx, services, survey, dispatch, participants.value, sendAt);
      await recordDispatched(tx, services, "SurveyParticipantsAdded", dispatch, admitted);
      return ok({ dispatches: [toDispatchView(dispatch, await store.invitations.listByDispatch(dispatch.id), now)], ...splitInvitations(admitted) });
    });
  }
}
