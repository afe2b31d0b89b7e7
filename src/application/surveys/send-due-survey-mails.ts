import { inject, injectable } from "tsyringe";
import { ok, type Result } from "../../domain/shared/result.js";
import { applyMailAction, contactOf, nextMailAction, participantKey, withMailSent, type MailAction } from "../../domain/survey/invitation.js";
import { renderSurveyMail } from "../../domain/survey/survey-mail.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { TOKENS } from "../tokens.js";
import { dueAtOf, SURVEYS, SURVEYS_SYSTEM, type InvitationRef } from "./survey-store.js";
import { SURVEY_TOKENS, type SurveySettings } from "./survey-tokens.js";

export interface TickReport {
  readonly invited: number;
  readonly reminded: number;
  /** Held back at sending because another invitation reached the person within the window meanwhile. */
  readonly quarantined: number;
  /** Their dispatch closed before they went out. */
  readonly expired: number;
}

/** Where a personal link leads: the answer page of the invitation's token. */
export function surveyLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/s/${encodeURIComponent(token)}`;
}

/**
 * The scheduler tick: sends what is due at the clock's now — invitations whose time has come and
 * reminders — each as a `SurveyMailRequested` outbox message written in the same transaction as
 * the invitation's new state, so a mail goes out exactly when its sending was recorded. One
 * invitation per transaction: a tick beside a busy server holds the write lock only briefly.
 */
@injectable()
export class SendDueSurveyMails {
  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(SURVEY_TOKENS.Settings) private readonly settings: SurveySettings,
  ) {}

  async execute(): Promise<Result<TickReport, never>> {
    const counts = { invited: 0, reminded: 0, quarantined: 0, expired: 0 };
    // Every handled invitation leaves the due list (sent, expired, or its next reminder moved on), so this ends.
    for (let round = 0; round < 100; round++) {
      const now = this.clock.now().toISOString();
      const due = await this.uow.readSystem(async (tx) => ok(await tx.use(SURVEYS_SYSTEM).due(now, this.settings.tickBatchSize)));
      if (!due.ok || due.value.length === 0) break;
      let acted = false;
      for (const ref of due.value) {
        const action = await this.handle(ref);
        if (action !== "none") acted = true;
        if (action === "invite") counts.invited++;
        else if (action === "remind") counts.reminded++;
        else if (action === "quarantine") counts.quarantined++;
        else if (action === "expire") counts.expired++;
      }
      // A full batch of nothing to send (only cleared reminders): the next tick takes the rest.
      if (due.value.length < this.settings.tickBatchSize || !acted) break;
    }
    return ok(counts);
  }

  private async handle(ref: InvitationRef): Promise<MailAction["kind"]> {
    const done = await this.uow.run(ref.workspaceId, async (tx) => {
      const store = tx.use(SURVEYS);
      const invitation = await store.invitations.findById(ref.invitationId);
      const dispatch = invitation && (await store.dispatches.findById(invitation.dispatchId));
      const survey = invitation && (await store.surveys.findById(invitation.surveyId));
      if (!invitation || !dispatch || !survey) return ok("none" as const);
      const now = this.clock.now();
      const sentBefore = (await store.invitations.listByParticipant(participantKey(invitation.participant.email)))
        .filter((other) => other.id !== invitation.id && other.status === "sent")
        .flatMap((other) => contactOf(other) ?? []);
      const action = nextMailAction(invitation, dispatch, survey, sentBefore, now);
      let updated = applyMailAction(invitation, dispatch, survey, action, now);
      const dueAt = dueAtOf(updated);
      // Nothing to do although due (the plan shrank, the dispatch closed, an answer came): stop asking.
      if (action.kind === "none" && dueAt !== null && Date.parse(dueAt) <= now.getTime()) updated = { ...updated, nextReminderAt: null };
      if (action.kind === "invite" || action.kind === "remind") {
        const kind = action.kind === "invite" ? "invitation" : "reminder";
        const mail = renderSurveyMail(survey, invitation.participant, surveyLink(this.settings.publicUrl, invitation.token), kind);
        const suffix = action.kind === "invite" ? "invitation" : `reminder-${action.number}`;
        const messageId = `<survey.${invitation.id}.${suffix}@${this.settings.messageIdDomain}>`;
        updated = withMailSent(updated, messageId);
        await tx.outbox.add(
          domainEvent(this.ids, this.clock, ref.workspaceId, "SurveyMailRequested", invitation.id, {
            messageId,
            to: { name: invitation.participant.name, address: invitation.participant.email },
            ...mail,
            surveyId: survey.id,
            customerId: invitation.participant.customerId,
          }),
        );
      }
      if (updated !== invitation) await store.invitations.update(updated);
      return ok(action.kind);
    });
    return done.ok ? done.value : "none";
  }
}
