import { err, ok, type Result } from "../../domain/shared/result.js";
import { isDispatchOpen, type Invitation } from "../../domain/survey/invitation.js";
import { type Answer } from "../../domain/survey/response.js";
import type { Survey } from "../../domain/survey/survey.js";
import type { UnitOfWork, WorkspaceReader } from "../ports/unit-of-work.js";
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

/** Tokens are URL-safe random strings; anything else is refused before it reaches storage. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

export async function findRef(uow: UnitOfWork, token: string): Promise<InvitationRef | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const found = await uow.readSystem(async (tx) => ok(await tx.use(SURVEYS_SYSTEM).findByToken(token)));
  return found.ok ? found.value : null;
}

export type Opened = { invitation: Invitation; survey: Survey; form: SurveyForm };

export async function open(tx: Pick<WorkspaceReader, "use">, ref: InvitationRef, now: Date): Promise<Result<Opened, LinkRefusal>> {
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
