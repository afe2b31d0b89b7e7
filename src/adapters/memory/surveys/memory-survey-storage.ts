import { memoryFeatureStorage, memorySystemStore, memoryWorkspaceStore, type MemoryFeatureStorage } from "../feature-storage.js";
import { dueAtOf, SURVEYS, SURVEYS_SYSTEM, type SurveyMailQueue, type SurveyRepositories } from "../../../application/surveys/survey-store.js";
import { participantKey, type Dispatch, type Invitation } from "../../../domain/survey/invitation.js";
import type { ParticipantList } from "../../../domain/survey/participant-list.js";
import type { SurveyResponse } from "../../../domain/survey/response.js";
import type { Survey } from "../../../domain/survey/survey.js";
import type { SurveyTrigger } from "../../../domain/survey/trigger.js";

/** Plain arrays in admission order, so structuredClone can copy them for a rollback. */
interface SurveyState {
  surveys: Survey[];
  dispatches: Dispatch[];
  invitations: Invitation[];
  responses: SurveyResponse[];
  triggers: SurveyTrigger[];
  lists: ParticipantList[];
}

const byCreated = <T extends { createdAt: string; id: string }>(a: T, b: T) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
const bySubmitted = (a: SurveyResponse, b: SurveyResponse) => a.submittedAt.localeCompare(b.submittedAt) || a.id.localeCompare(b.id);

function replace<T extends { id: string; workspaceId: string }>(items: T[], item: T): void {
  const index = items.findIndex((existing) => existing.id === item.id && existing.workspaceId === item.workspaceId);
  if (index >= 0) items[index] = item;
}

function removeWhere<T>(items: T[], drop: (item: T) => boolean): number {
  let removed = 0;
  for (let index = items.length - 1; index >= 0; index--) {
    if (drop(items[index]!)) {
      items.splice(index, 1);
      removed++;
    }
  }
  return removed;
}

function repositories(state: () => SurveyState, workspaceId: string): SurveyRepositories {
  const mine = <T extends { workspaceId: string }>(items: readonly T[]) => items.filter((item) => item.workspaceId === workspaceId);
  return {
    surveys: {
      findById: async (id) => mine(state().surveys).find((survey) => survey.id === id) ?? null,
      list: async () => mine(state().surveys).sort(byCreated),
      insert: async (survey) => void state().surveys.push({ ...survey, workspaceId }),
      update: async (survey) => replace(state().surveys, survey),
      delete: async (id) => {
        const s = state();
        const ofSurvey = (item: { workspaceId: string; surveyId: string }) => item.workspaceId === workspaceId && item.surveyId === id;
        removeWhere(s.responses, ofSurvey);
        removeWhere(s.invitations, ofSurvey);
        removeWhere(s.dispatches, ofSurvey);
        removeWhere(s.triggers, ofSurvey);
        removeWhere(s.surveys, (survey) => survey.workspaceId === workspaceId && survey.id === id);
      },
    },
    dispatches: {
      findById: async (id) => mine(state().dispatches).find((dispatch) => dispatch.id === id) ?? null,
      listBySurvey: async (surveyId) =>
        mine(state().dispatches)
          .filter((dispatch) => dispatch.surveyId === surveyId)
          .sort(byCreated)
          .reverse(),
      findByTriggerEvent: async (triggerId, eventId) =>
        mine(state().dispatches).find((d) => d.source.kind === "trigger" && d.source.triggerId === triggerId && d.source.eventId === eventId) ?? null,
      insert: async (dispatch) => void state().dispatches.push({ ...dispatch, workspaceId }),
      update: async (dispatch) => replace(state().dispatches, dispatch),
    },
    invitations: {
      findById: async (id) => mine(state().invitations).find((invitation) => invitation.id === id) ?? null,
      listByDispatch: async (dispatchId) => mine(state().invitations).filter((invitation) => invitation.dispatchId === dispatchId),
      listBySurvey: async (surveyId) => mine(state().invitations).filter((invitation) => invitation.surveyId === surveyId),
      listByCustomer: async (customerId) => mine(state().invitations).filter((invitation) => invitation.participant.customerId === customerId),
      listByParticipant: async (key) => mine(state().invitations).filter((invitation) => participantKey(invitation.participant.email) === key),
      insert: async (invitation) => void state().invitations.push({ ...invitation, workspaceId }),
      update: async (invitation) => replace(state().invitations, invitation),
      deleteByCustomer: async (customerId) =>
        removeWhere(state().invitations, (invitation) => invitation.workspaceId === workspaceId && invitation.participant.customerId === customerId),
      listCreatedBefore: async (cutoff) => mine(state().invitations).filter((invitation) => invitation.createdAt < cutoff).sort(byCreated),
      deleteByIds: async (ids) => {
        const going = new Set(ids);
        return removeWhere(state().invitations, (invitation) => invitation.workspaceId === workspaceId && going.has(invitation.id));
      },
    },
    responses: {
      findByInvitation: async (invitationId) => mine(state().responses).find((response) => response.invitationId === invitationId) ?? null,
      listBySurvey: async (surveyId) =>
        mine(state().responses)
          .filter((response) => response.surveyId === surveyId)
          .sort(bySubmitted),
      listByCustomer: async (customerId) =>
        mine(state().responses)
          .filter((response) => response.customerId === customerId)
          .sort(bySubmitted)
          .reverse(),
      save: async (response) => {
        const responses = state().responses;
        const index = responses.findIndex((existing) => existing.workspaceId === workspaceId && existing.invitationId === response.invitationId);
        // Like the SQLite upsert: the first answer's id stays, everything else is replaced.
        if (index >= 0) responses[index] = { ...response, id: responses[index]!.id, workspaceId };
        else responses.push({ ...response, workspaceId });
      },
      deleteByCustomer: async (customerId) =>
        removeWhere(state().responses, (response) => response.workspaceId === workspaceId && response.customerId === customerId),
      listSubmittedBefore: async (cutoff) => mine(state().responses).filter((response) => response.submittedAt < cutoff).sort(bySubmitted),
      deleteByIds: async (ids) => {
        const going = new Set(ids);
        return removeWhere(state().responses, (response) => response.workspaceId === workspaceId && going.has(response.id));
      },
    },
    triggers: {
      findById: async (id) => mine(state().triggers).find((trigger) => trigger.id === id) ?? null,
      list: async () => mine(state().triggers).sort(byCreated),
      listByEvent: async (event) =>
        mine(state().triggers)
          .filter((trigger) => trigger.event === event)
          .sort(byCreated),
      insert: async (trigger) => void state().triggers.push({ ...trigger, workspaceId }),
      delete: async (id) => void removeWhere(state().triggers, (trigger) => trigger.workspaceId === workspaceId && trigger.id === id),
    },
    lists: {
      findById: async (id) => mine(state().lists).find((list) => list.id === id) ?? null,
      save: async (list) => {
        const lists = state().lists;
        const index = lists.findIndex((existing) => existing.workspaceId === workspaceId && existing.id === list.id);
        if (index >= 0) lists[index] = { ...list, workspaceId };
        else lists.push({ ...list, workspaceId });
      },
      listByCustomer: async (customerId) => mine(state().lists).filter((list) => list.members.some((member) => member.customerId === customerId)),
      removeCustomer: async (customerId) => {
        let removed = 0;
        const lists = state().lists;
        lists.forEach((list, index) => {
          if (list.workspaceId !== workspaceId) return;
          const members = list.members.filter((member) => member.customerId !== customerId);
          removed += list.members.length - members.length;
          lists[index] = { ...list, members };
        });
        return removed;
      },
    },
  };
}

function mailQueue(state: () => SurveyState): SurveyMailQueue {
  return {
    due: async (now, limit) =>
      state()
        .invitations.flatMap((invitation) => {
          const dueAt = dueAtOf(invitation);
          return dueAt !== null && dueAt <= now ? [{ dueAt, invitation }] : [];
        })
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
        .slice(0, limit)
        .map(({ invitation }) => ({ workspaceId: invitation.workspaceId, invitationId: invitation.id })),
    findByToken: async (token) => {
      const invitation = state().invitations.find((candidate) => candidate.token === token);
      return invitation ? { workspaceId: invitation.workspaceId, invitationId: invitation.id } : null;
    },
  };
}

export const memorySurveyStorage: MemoryFeatureStorage = memoryFeatureStorage<SurveyState>({
  feature: "surveys",
  initialState: () => ({ surveys: [], dispatches: [], invitations: [], responses: [], triggers: [], lists: [] }),
  workspaceStores: [memoryWorkspaceStore<SurveyState, SurveyRepositories>(SURVEYS, repositories)],
  systemStores: [memorySystemStore<SurveyState, SurveyMailQueue>(SURVEYS_SYSTEM, mailQueue)],
});
