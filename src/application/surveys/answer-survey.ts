import { inject, injectable } from "tsyringe";
import type { FieldIssue } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { markResponded } from "../../domain/survey/invitation.js";
import { isChurnRisk, readAnswers } from "../../domain/survey/response.js";
import type { Survey } from "../../domain/survey/survey.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { TOKENS } from "../tokens.js";
import { SURVEYS } from "./survey-store.js";
import { findRef, open, type LinkRefusal, type SurveyForm } from "./survey-link.js";

export type AnswerRefusal = LinkRefusal | { readonly kind: "invalid"; readonly issues: readonly FieldIssue[]; readonly form: SurveyForm };

export interface AnswerSaved {
  readonly language: Survey["language"];
  /** A second submit replaced the first answer. */
  readonly updated: boolean;
}

/**
 * POST /s/:token: stores the answers (a second submit replaces them while the dispatch is open),
 * stops the reminders and records `SurveyAnswered`, from which staff are told.
 */
@injectable()
export class AnswerSurvey {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
  ) {}

  async execute(token: string, submitted: Readonly<Record<string, string | undefined>>): Promise<Result<AnswerSaved, AnswerRefusal>> {
    const ref = await findRef(this.uow, token);
    if (!ref) return err({ kind: "unknown" });
    return this.uow.run(ref.workspaceId, async (tx): Promise<Result<AnswerSaved, AnswerRefusal>> => {
      const now = this.clock.now();
      const opened = await open(tx, ref, now);
      if (!opened.ok) return opened;
      const { invitation, survey, form } = opened.value;
      const answers = readAnswers(survey, submitted);
      if (!answers.ok) return err({ kind: "invalid", issues: answers.error, form: { ...form, previousAnswers: [] } });
      const store = tx.use(SURVEYS);
      const previous = await store.responses.findByInvitation(invitation.id);
      const response = {
        id: previous?.id ?? this.ids.newId(),
        workspaceId: ref.workspaceId,
        surveyId: survey.id,
        dispatchId: invitation.dispatchId,
        invitationId: invitation.id,
        customerId: invitation.participant.customerId,
        answers: answers.value,
        variables: { ...invitation.participant.variables },
        submittedAt: previous?.submittedAt ?? now.toISOString(),
        updatedAt: now.toISOString(),
      };
      await store.responses.save(response);
      await store.invitations.update(markResponded(invitation, now));
      await tx.outbox.add(
        domainEvent(this.ids, this.clock, ref.workspaceId, "SurveyAnswered", response.id, {
          responseId: response.id,
          surveyId: survey.id,
          dispatchId: invitation.dispatchId,
          invitationId: invitation.id,
          customerId: response.customerId,
          churnRisk: isChurnRisk(survey, response),
          updated: previous !== null,
        }),
      );
      return ok({ language: survey.language, updated: previous !== null });
    });
  }
}
