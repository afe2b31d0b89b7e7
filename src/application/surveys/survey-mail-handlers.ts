import { inject, injectable } from "tsyringe";
import { z } from "zod";
import { normalizeEmail } from "../../domain/shared/text.js";
import { ok } from "../../domain/shared/result.js";
import type { NoticeFacts } from "../../domain/notifications/notification.js";
import { wants, type StaffMember } from "../../domain/staff/staff.js";
import { withMailSent } from "../../domain/survey/invitation.js";
import { isChurnRisk } from "../../domain/survey/response.js";
import { renderFeedbackMail, renderFeedbackNotice } from "../../domain/survey/survey-mail.js";
import { staffNoticeRequested } from "../notifications/staff-notice.js";
import type { OutboxHandler } from "../outbox/outbox-handler.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { Mailer } from "../ports/mailer.js";
import type { OutboxMessage } from "../ports/outbox-queue.js";
import type { UnitOfWork, WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import { TOKENS } from "../tokens.js";
import { SURVEYS } from "./survey-store.js";
import { SURVEY_TOKENS, type SurveySettings } from "./survey-tokens.js";

const SurveyMail = z.object({
  messageId: z.string().min(3),
  to: z.object({ name: z.string(), address: z.string() }),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
});

/**
 * Sends the mail a `SurveyMailRequested` message carries (invitation, reminder, feedback to staff).
 * Rendered when the sending was recorded, so a retry sends the same mail with the same Message-ID.
 */
@injectable()
export class SendSurveyMail implements OutboxHandler {
  readonly name = "surveys.send-mail";
  readonly eventTypes = ["SurveyMailRequested"] as const;

  constructor(@inject(TOKENS.Mailer) private readonly mailer: Mailer) {}

  async handle(message: OutboxMessage): Promise<void> {
    const parsed = SurveyMail.safeParse(message.payload);
    if (!parsed.success) throw new Error(`SurveyMailRequested ${message.id}: unreadable payload`);
    const { messageId, to, subject, text, html } = parsed.data;
    await this.mailer.send({ messageId, to, subject, text, html });
  }
}

const AnsweredPayload = z.object({ responseId: z.string(), surveyId: z.string(), customerId: z.string().nullable(), updated: z.boolean().optional() });

/** The staff member who looks after a customer: the assignee of their most recently changed inquiry. */
async function ownerOf(tx: WorkspaceTransaction, customerId: string | null): Promise<StaffMember | null> {
  if (!customerId) return null;
  const inquiries = await tx.inquiries.list({ customerId }, { limit: 50, after: null });
  const latest = [...inquiries.items].filter((inquiry) => inquiry.assignee).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  if (!latest?.assignee) return null;
  return tx.staff.findByEmail(normalizeEmail(latest.assignee));
}

/**
 * Tells people of an answer, by mail: the survey's own addresses (a workshop's trainer), staff who
 * asked for survey feedback, and — when the score is low (rating ≤ 2 or NPS ≤ 6) — the customer's
 * owner, with a churn-risk subject. Each mail is a `SurveyMailRequested` message of its own, so one
 * recipient's failure does not repeat the others'. Staff hear of it in the app too, whether or not
 * they take mail: the owner of a churn risk with a warning, the other staff who asked for survey
 * feedback or are among the survey's addresses with a notice worded like their mail. A changed answer is not
 * announced again.
 */
@injectable()
export class NotifySurveyFeedback implements OutboxHandler {
  readonly name = "surveys.notify-feedback";
  readonly eventTypes = ["SurveyAnswered"] as const;

  constructor(
    @inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Ids) private readonly ids: IdGenerator,
    @inject(SURVEY_TOKENS.Settings) private readonly settings: SurveySettings,
  ) {}

  async handle(message: OutboxMessage): Promise<void> {
    const parsed = AnsweredPayload.safeParse(message.payload);
    if (!parsed.success || parsed.data.updated) return;
    const { responseId, surveyId, customerId } = parsed.data;
    await this.uow.run(message.workspaceId, async (tx) => {
      const store = tx.use(SURVEYS);
      const survey = await store.surveys.findById(surveyId);
      const invitationId = typeof message.payload.invitationId === "string" ? message.payload.invitationId : "";
      const response = await store.responses.findByInvitation(invitationId);
      if (!survey || !response || response.id !== responseId) return ok(null);
      const churnRisk = isChurnRisk(survey, response);
      const recipients = new Map<string, string>();
      for (const email of survey.notifyEmails) recipients.set(normalizeEmail(email), "");
      const staff = await tx.staff.list();
      for (const member of staff) if (member.emailEnabled && wants(member, "survey_feedback")) recipients.set(member.email, member.name);
      const owner = churnRisk ? await ownerOf(tx, customerId) : null;
      if (owner) recipients.set(owner.email, owner.name);
      let invitation = await store.invitations.findById(invitationId);
      const lines = survey.questions.flatMap((question) => {
        const answer = response.answers.find((a) => a.questionId === question.id);
        return answer ? [`${question.text} ${answer.value}`] : [];
      });
      const mail = renderFeedbackMail(survey, invitation?.participant.name ?? "", lines, churnRisk);
      for (const [address, name] of recipients) {
        const messageId = `<survey-feedback.${message.id}.${Buffer.from(address).toString("hex")}@${this.settings.messageIdDomain}>`;
        if (invitation) invitation = withMailSent(invitation, messageId);
        await tx.outbox.add(
          domainEvent(this.ids, this.clock, message.workspaceId, "SurveyMailRequested", response.id, {
            messageId,
            to: { name, address },
            ...mail,
            surveyId,
            customerId,
          }),
        );
      }
      const notified = new Set(survey.notifyEmails.map(normalizeEmail));
      const noticeRecipients = staff
        .filter((member) => member.id !== owner?.id && (wants(member, "survey_feedback") || notified.has(member.email)))
        .map((member) => member.id);
      const participantName = invitation?.participant.name ?? "";
      // Both carry the customer's id, so the customer's export and erasure find them.
      const notice = (recipients: readonly string[], facts: NoticeFacts) =>
        tx.outbox.add(staffNoticeRequested({ ids: this.ids, clock: this.clock }, message.workspaceId, response.id, recipients, facts, customerId));
      if (noticeRecipients.length > 0) {
        await notice(noticeRecipients, {
          feature: "surveys",
          topic: "feedback_received",
          // Worded like their mail: a low score reads as a churn risk for everyone who hears of it.
          ...renderFeedbackNotice(survey, participantName, lines, churnRisk),
          link: `/api/v1/surveys/${encodeURIComponent(survey.id)}/results`,
          severity: churnRisk ? "warning" : "info",
        });
      }
      if (owner && customerId) {
        await notice([owner.id], {
          feature: "surveys",
          topic: "churn_risk",
          ...renderFeedbackNotice(survey, participantName, lines, true),
          link: `/api/v1/customers/${encodeURIComponent(customerId)}/satisfaction`,
          severity: "warning",
        });
      }
      // The mails about the answer are recorded with the invitation, so an erasure can find their stored copies.
      if (invitation) await store.invitations.update(invitation);
      return ok(null);
    });
  }
}
