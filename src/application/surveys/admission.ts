import { emailKeyOf } from "../../domain/customer/customer.js";
import { invalid, notFound, type Failure } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { admitParticipant, contactOf, participantKey, type Dispatch, type DispatchMode, type DispatchSource, type Invitation, type Participant } from "../../domain/survey/invitation.js";
import { dedupeMembers } from "../../domain/survey/participant-list.js";
import { DAY_MS } from "../../domain/survey/quarantine.js";
import type { Survey } from "../../domain/survey/survey.js";
import type { Clock } from "../ports/clock.js";
import type { IdGenerator } from "../ports/ids.js";
import type { Secrets } from "../ports/secrets.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";
import { domainEvent } from "../shared/events.js";
import type { ParticipantInput } from "./survey-schemas.js";
import { SURVEYS } from "./survey-store.js";

export interface AdmissionServices {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly secrets: Secrets;
}

/** Refuses more participants in one request than the configured maximum, naming the limit. */
export function withinParticipantLimit(path: string, count: number, max: number): Result<true, Failure> {
  return count > max ? err(invalid(path, `holds ${count} participants; at most ${max} are accepted per request (LEADPORT_SURVEY_MAX_PARTICIPANTS)`)) : ok(true);
}

/**
 * Participants as sent, filed under their customer: the one named (which must exist in this
 * workspace, else 404), or the customer with their e-mail. Linking here is what lets an erasure
 * find their invitations and answers later.
 */
export async function resolveParticipants(tx: WorkspaceTransaction, inputs: readonly ParticipantInput[], path: string): Promise<Result<Participant[], Failure>> {
  const participants: Participant[] = [];
  for (const [index, input] of inputs.entries()) {
    let customerId: string | null = null;
    let name = input.name?.trim() ?? "";
    if (input.customerId) {
      const customer = await tx.customers.findById(input.customerId);
      if (!customer) return err({ ...notFound(`customer ${input.customerId}`), issues: [{ path: `${path}.${index}.customerId`, message: "is not a customer of this workspace" }] });
      customerId = customer.id;
    } else {
      const key = emailKeyOf({ email: input.email });
      customerId = key ? ((await tx.customers.findByEmailKey(key))?.id ?? null) : null;
    }
    if (name === "" && customerId) {
      const customer = await tx.customers.findById(customerId);
      name = [customer?.firstName, customer?.lastName].filter(Boolean).join(" ") || customer?.companyName || "";
    }
    participants.push({ email: input.email.trim(), name, customerId, variables: { ...input.variables } });
  }
  // The same address twice in one request is one participant (the later entry wins), never two mails.
  return ok(dedupeMembers(participants));
}

export function newDispatch(services: AdmissionServices, workspaceId: string, survey: Survey, mode: DispatchMode, source: DispatchSource): Dispatch {
  const now = services.clock.now();
  return {
    id: services.ids.newId(),
    workspaceId,
    surveyId: survey.id,
    mode,
    source,
    closesAt: new Date(now.getTime() + survey.closeAfterDays * DAY_MS).toISOString(),
    closedAt: null,
    createdAt: now.toISOString(),
  };
}

/**
 * Admits participants to a dispatch, each checked against the quarantine with everything the
 * person already has, sent or scheduled (the same person twice in one request counts too).
 */
export async function admitInto(tx: WorkspaceTransaction, services: AdmissionServices, survey: Survey, dispatch: Dispatch, participants: readonly Participant[], sendAt: Date): Promise<Invitation[]> {
  const invitations = tx.use(SURVEYS).invitations;
  const admitted: Invitation[] = [];
  for (const participant of participants) {
    const prior = (await invitations.listByParticipant(participantKey(participant.email))).flatMap((invitation) => contactOf(invitation) ?? []);
    const invitation = admitParticipant(
      { id: services.ids.newId(), token: services.secrets.newToken(), dispatch, now: services.clock.now() },
      survey,
      participant,
      prior,
      sendAt,
    );
    await invitations.insert(invitation);
    admitted.push(invitation);
  }
  return admitted;
}

/** The event of a new dispatch (or of participants added to one): ids and counts, and the customers it concerns for erasure. */
export async function recordDispatched(tx: WorkspaceTransaction, services: AdmissionServices, type: "SurveyDispatched" | "SurveyParticipantsAdded", dispatch: Dispatch, admitted: readonly Invitation[]): Promise<void> {
  const invited = admitted.filter((invitation) => invitation.status !== "quarantined").length;
  await tx.outbox.add(
    domainEvent(services.ids, services.clock, tx.workspaceId, type, dispatch.id, {
      dispatchId: dispatch.id,
      surveyId: dispatch.surveyId,
      mode: dispatch.mode,
      invited,
      skipped: admitted.length - invited,
      customerIds: [...new Set(admitted.flatMap((invitation) => (invitation.participant.customerId ? [invitation.participant.customerId] : [])))],
    }),
  );
}
