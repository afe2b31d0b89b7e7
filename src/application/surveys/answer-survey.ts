import { inject, injectable } from "tsyringe";
import type { FieldIssue } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { isDispatchOpen, markResponded, type Invitation } from "../../domain/survey/invitation.js";
import { isChurnRisk, readAnswers, type Answer } from "../../domain/survey/response.js";
import type { Survey } from "../../domain/survey/survey.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork, WorkspaceReader } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { TOKENS } from "../tokens.js";
import { SURVEYS, SURVEYS_SYSTEM, type InvitationRef } from "./survey-store.js";

/** What the answer page shows: the survey in its language, whom it greets and what they answered before. */
export interface SurveyForm {
  readonly survey: Pick<Survey, "title" | "language" | "questions">;
  readonly participantName: string;
  readonly previousAnswers: readonly Answer[];
  readonly closesAt: string;
}

/**
 * Why a link opens no form. unknown: no such token (mistyped, tampered, deleted, or never sent);
 * closed: the dispatch stopped taking answers. The page says which, without detail.
 */
export type LinkRefusal = { readonly kind: "unknown" } | { readonly kind: "closed"; readonly language: Survey["language"] };

export type AnswerRefusal = LinkRefusal | { readonly kind: "invalid"; readonly issues: readonly FieldIssue[]; readonly form: SurveyForm };

/** Tokens are URL-safe random strings; anything else is refused before it reaches storage. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

async function findRef(uow: UnitOfWork, token: string): Promise<InvitationRef | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const found = await uow.readSystem(async (tx) => ok(await tx.use(SURVEYS_SYSTEM).findByToken(token)));
  return found.ok ? found.value : null;
}

type Opened = { invitation: Invitation; survey: Survey; form: SurveyForm };

async function open(tx: Pick<WorkspaceReader, "use">, ref: InvitationRef, now: Date): Promise<Result<Opened, LinkRefusal>> {
  const store = tx.use(SURVEYS);
  const invitation = await store.invitations.findById(ref.invitationId);
  // A link of an invitation that never went out (quarantined, still scheduled) was never given to anyone.
  if (!invitation || invitation.status === "quarantined" || invitation.status === "scheduled") return err({ kind: "unknown" });
  const [dispatch, survey] = [await store.dispatches.findById(invitation.dispatchId), await store.surveys.findById(invitation.surveyId)];
  if (!dispatch || !survey) return err({ kind: "unknown" });
  if (invitation.status === "expired" || !isDispatchOpen(dispatch, now)) return err({ kind: "closed", language: survey.language });
  const previous = await store.responses.findByInvitation(invitation.id);
  return ok({
    invitation,
    survey,
    form: {
      survey: { title: survey.title, language: survey.language, questions: survey.questions },
      participantName: invitation.participant.name,
      previousAnswers: previous?.answers ?? [],
      closesAt: dispatch.closedAt ?? dispatch.closesAt,
    },
  });
}

/** GET /s/:token: the form behind a personal link. */
@injectable()
export class OpenSurveyLink {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute(token: string): Promise<Result<SurveyForm, LinkRefusal>> {
    const ref = await findRef(this.uow, token);
    if (!ref) return err({ kind: "unknown" });
    const opened = await this.uow.read(ref.workspaceId, async (tx) => open(tx, ref, this.clock.now()));
    return opened.ok ? ok(opened.value.form) : opened;
  }
}

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
