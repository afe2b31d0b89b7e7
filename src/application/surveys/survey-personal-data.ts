import type { Customer } from "../../domain/customer/customer.js";
import type { Invitation } from "../../domain/survey/invitation.js";
import type { SurveyResponse } from "../../domain/survey/response.js";
import type { Survey } from "../../domain/survey/survey.js";
import type { PersonalDataSection, RetentionRun, SectionRemoval } from "../ports/personal-data-section.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";
import { dueAtOf, SURVEYS, type SurveyRepositories } from "./survey-store.js";

/** A person's survey data: what the export shows and the erasure removes. */
interface SurveyDataOf {
  readonly invitations: readonly Invitation[];
  readonly responses: readonly SurveyResponse[];
}

const byId = <T extends { id: string }>(items: readonly T[]): T[] => [...new Map(items.map((item) => [item.id, item])).values()];

/**
 * The invitations and answers filed under the customer (or a customer merged into it), and those
 * sent to their e-mail while it was no customer's yet (filed under none), like the core's tickets.
 */
async function surveyDataOf(store: SurveyRepositories, customer: Customer): Promise<SurveyDataOf> {
  const customerIds = [customer.id, ...(customer.mergedFrom ?? [])];
  const invitations: Invitation[] = [];
  const responses: SurveyResponse[] = [];
  for (const customerId of customerIds) {
    invitations.push(...(await store.invitations.listByCustomer(customerId)));
    responses.push(...(await store.responses.listByCustomer(customerId)));
  }
  if (customer.emailKey) {
    const unfiled = (await store.invitations.listByParticipant(customer.emailKey)).filter((invitation) => invitation.participant.customerId === null);
    invitations.push(...unfiled);
    for (const invitation of unfiled) {
      const response = await store.responses.findByInvitation(invitation.id);
      if (response) responses.push(response);
    }
  }
  return { invitations: byId(invitations), responses: byId(responses) };
}

async function surveysById(store: SurveyRepositories, ids: Iterable<string>): Promise<Map<string, Survey>> {
  const surveys = new Map<string, Survey>();
  for (const id of new Set(ids)) {
    const survey = await store.surveys.findById(id);
    if (survey) surveys.set(id, survey);
  }
  return surveys;
}

/** The export's view of an invitation: everything but the personal link's token, which is a credential. */
function invitationExport(invitation: Invitation, surveys: ReadonlyMap<string, Survey>) {
  return {
    id: invitation.id,
    surveyId: invitation.surveyId,
    surveyTitle: surveys.get(invitation.surveyId)?.title ?? null,
    dispatchId: invitation.dispatchId,
    participant: { email: invitation.participant.email, name: invitation.participant.name, variables: { ...invitation.participant.variables } },
    status: invitation.status,
    createdAt: invitation.createdAt,
    sentAt: invitation.sentAt,
    remindersSent: invitation.remindersSent,
    respondedAt: invitation.respondedAt,
    mailMessageIds: [...invitation.mailMessageIds],
  };
}

function responseExport(response: SurveyResponse, surveys: ReadonlyMap<string, Survey>) {
  const survey = surveys.get(response.surveyId);
  return {
    id: response.id,
    surveyId: response.surveyId,
    surveyTitle: survey?.title ?? null,
    invitationId: response.invitationId,
    submittedAt: response.submittedAt,
    updatedAt: response.updatedAt,
    variables: { ...response.variables },
    answers: response.answers.map((answer) => ({
      questionId: answer.questionId,
      question: survey?.questions.find((question) => question.id === answer.questionId)?.text ?? null,
      value: answer.value,
    })),
  };
}

async function eraseSurveyData(tx: WorkspaceTransaction, customer: Customer): Promise<SectionRemoval> {
  const store = tx.use(SURVEYS);
  const { invitations, responses } = await surveyDataOf(store, customer);
  const responseCount = await store.responses.deleteByIds(responses.map((response) => response.id));
  const invitationCount = await store.invitations.deleteByIds(invitations.map((invitation) => invitation.id));
  let listEntries = 0;
  for (const customerId of [customer.id, ...(customer.mergedFrom ?? [])]) listEntries += await store.lists.removeCustomer(customerId);
  // The invitation and feedback mails of invitations filed under no customer do not name the
  // customer id, so the core's erasure did not find them; they are about the invitation or answer.
  const events = await tx.personalData.outboxEventsAbout([...invitations.map((i) => i.id), ...responses.map((r) => r.id)], []);
  await tx.personalData.deleteOutboxEvents(events.map((event) => event.id));
  return {
    counts: { responses: responseCount, invitations: invitationCount, listEntries, outboxEvents: events.length },
    mailMessageIds: invitations.flatMap((invitation) => invitation.mailMessageIds),
  };
}

/**
 * Responses answered before the workspace's `surveyResponsesDays`, and invitations admitted before
 * it that have nothing left to send and no answer left; with the stored copies of their mails.
 */
async function applySurveyRetention(tx: WorkspaceTransaction, run: RetentionRun): Promise<SectionRemoval> {
  const before = run.cutoffs.surveyResponsesBefore;
  if (!before) return { counts: { responses: 0, invitations: 0 } };
  const store = tx.use(SURVEYS);
  const responses = await store.responses.listSubmittedBefore(before);
  const expiredResponses = new Set(responses.map((response) => response.invitationId));
  const invitations: Invitation[] = [];
  for (const invitation of await store.invitations.listCreatedBefore(before)) {
    if (dueAtOf(invitation) !== null) continue;
    const answered = invitation.respondedAt !== null && !expiredResponses.has(invitation.id) && (await store.responses.findByInvitation(invitation.id)) !== null;
    if (!answered) invitations.push(invitation);
  }
  const counts = { responses: responses.length, invitations: invitations.length };
  const mailMessageIds = invitations.flatMap((invitation) => invitation.mailMessageIds);
  if (run.dryRun) return { counts, mailMessageIds };
  await store.responses.deleteByIds(responses.map((response) => response.id));
  await store.invitations.deleteByIds(invitations.map((invitation) => invitation.id));
  return { counts, mailMessageIds };
}

/**
 * The surveys' share of a person's data (docs/adr/0007, docs/adr/0014): their invitations with
 * name, address and background variables, their answers with free-text comments, and their
 * entries on participant lists; exported, erased and expired in the core's transaction.
 */
export const surveyPersonalData: PersonalDataSection = {
  name: "surveys",
  async gather(tx, customer) {
    const store = tx.use(SURVEYS);
    const { invitations, responses } = await surveyDataOf(store, customer);
    const customerIds = [customer.id, ...(customer.mergedFrom ?? [])];
    const lists = [];
    for (const customerId of customerIds) lists.push(...(await store.lists.listByCustomer(customerId)));
    if (invitations.length + responses.length + lists.length === 0) return null;
    const surveys = await surveysById(store, [...invitations.map((i) => i.surveyId), ...responses.map((r) => r.surveyId)]);
    return {
      invitations: invitations.map((invitation) => invitationExport(invitation, surveys)),
      responses: responses.map((response) => responseExport(response, surveys)),
      listEntries: byId(lists).flatMap((list) =>
        list.members
          .filter((member) => member.customerId !== null && customerIds.includes(member.customerId))
          .map((member) => ({ listId: list.id, email: member.email, name: member.name, variables: { ...member.variables } })),
      ),
    };
  },
  erase: eraseSurveyData,
  applyRetention: applySurveyRetention,
};
