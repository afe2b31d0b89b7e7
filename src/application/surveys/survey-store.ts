import { featureStore } from "../ports/feature-store.js";
import type { Dispatch, Invitation } from "../../domain/survey/invitation.js";
import type { ParticipantList } from "../../domain/survey/participant-list.js";
import type { SurveyResponse } from "../../domain/survey/response.js";
import type { Survey } from "../../domain/survey/survey.js";
import type { SurveyTrigger, TriggerEvent } from "../../domain/survey/trigger.js";

/*
 * The surveys feature's storage, bound to one workspace: every method sees only that workspace's
 * records, so another workspace's survey is simply not found (a 404).
 */

export interface SurveyRepository {
  findById(id: string): Promise<Survey | null>;
  /** Oldest first. */
  list(): Promise<readonly Survey[]>;
  insert(survey: Survey): Promise<void>;
  update(survey: Survey): Promise<void>;
  /** Removes the survey with its dispatches, invitations, answers and triggers. */
  delete(id: string): Promise<void>;
}

export interface DispatchRepository {
  findById(id: string): Promise<Dispatch | null>;
  /** Newest first. */
  listBySurvey(surveyId: string): Promise<readonly Dispatch[]>;
  /** The dispatch a trigger started for an outbox event, so a redelivered event starts nothing new. */
  findByTriggerEvent(triggerId: string, eventId: string): Promise<Dispatch | null>;
  insert(dispatch: Dispatch): Promise<void>;
  update(dispatch: Dispatch): Promise<void>;
}

export interface InvitationRepository {
  findById(id: string): Promise<Invitation | null>;
  /** In the order they were admitted. */
  listByDispatch(dispatchId: string): Promise<readonly Invitation[]>;
  listBySurvey(surveyId: string): Promise<readonly Invitation[]>;
  /** Every invitation of one person (by participantKey), for the quarantine. */
  listByParticipant(participantKey: string): Promise<readonly Invitation[]>;
  /** The invitations filed under a customer (erasure). */
  listByCustomer(customerId: string): Promise<readonly Invitation[]>;
  insert(invitation: Invitation): Promise<void>;
  update(invitation: Invitation): Promise<void>;
  /** Erasure: the invitations filed under a customer; returns how many went. */
  deleteByCustomer(customerId: string): Promise<number>;
  /** Retention: invitations admitted (`createdAt`) before the cutoff, oldest first. */
  listCreatedBefore(cutoff: string): Promise<readonly Invitation[]>;
  /** Erasure and retention; returns how many went. */
  deleteByIds(ids: readonly string[]): Promise<number>;
}

export interface ResponseRepository {
  findByInvitation(invitationId: string): Promise<SurveyResponse | null>;
  /** Oldest first. */
  listBySurvey(surveyId: string): Promise<readonly SurveyResponse[]>;
  /** Newest first. */
  listByCustomer(customerId: string): Promise<readonly SurveyResponse[]>;
  /** Inserts, or replaces the answer to the same invitation. */
  save(response: SurveyResponse): Promise<void>;
  deleteByCustomer(customerId: string): Promise<number>;
  /** Retention: responses last submitted (`submittedAt`, a changed answer included) before the cutoff, oldest first. */
  listSubmittedBefore(cutoff: string): Promise<readonly SurveyResponse[]>;
  /** Erasure and retention; returns how many went. */
  deleteByIds(ids: readonly string[]): Promise<number>;
}

export interface TriggerRepository {
  findById(id: string): Promise<SurveyTrigger | null>;
  /** Oldest first. */
  list(): Promise<readonly SurveyTrigger[]>;
  listByEvent(event: TriggerEvent): Promise<readonly SurveyTrigger[]>;
  insert(trigger: SurveyTrigger): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface ParticipantListRepository {
  findById(id: string): Promise<ParticipantList | null>;
  save(list: ParticipantList): Promise<void>;
  /** The lists on which a customer is a member (export). */
  listByCustomer(customerId: string): Promise<readonly ParticipantList[]>;
  /** Erasure: drops the customer's entries from every list; returns how many went. */
  removeCustomer(customerId: string): Promise<number>;
}

export interface SurveyRepositories {
  readonly surveys: SurveyRepository;
  readonly dispatches: DispatchRepository;
  readonly invitations: InvitationRepository;
  readonly responses: ResponseRepository;
  readonly triggers: TriggerRepository;
  readonly lists: ParticipantListRepository;
}

/** An invitation somewhere, named by workspace and id. */
export interface InvitationRef {
  readonly workspaceId: string;
  readonly invitationId: string;
}

/** Across workspaces: what the scheduler tick must look at, and where a link's token belongs. */
export interface SurveyMailQueue {
  /** Invitations due to be sent, or due a reminder, at `now`; oldest due first. */
  due(now: string, limit: number): Promise<readonly InvitationRef[]>;
  findByToken(token: string): Promise<InvitationRef | null>;
}

export const SURVEYS = featureStore<SurveyRepositories>("surveys");
export const SURVEYS_SYSTEM = featureStore<SurveyMailQueue>("surveys.system");

/** When an invitation next needs the scheduler: its send time, its next reminder, or never. */
export function dueAtOf(invitation: Invitation): string | null {
  if (invitation.status === "scheduled") return invitation.sendAt;
  if (invitation.status === "sent" && invitation.respondedAt === null) return invitation.nextReminderAt;
  return null;
}
