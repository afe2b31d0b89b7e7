import { afterAll, describe, expect, it } from "vitest";
import { SURVEYS, SURVEYS_SYSTEM } from "../../src/application/surveys/survey-store.js";
import { err, ok } from "../../src/domain/shared/result.js";
import type { Dispatch, Invitation } from "../../src/domain/survey/invitation.js";
import type { SurveyResponse } from "../../src/domain/survey/response.js";
import { validSurvey } from "./survey-fixtures.js";
import { surveysModule } from "../../src/hosts/modules/surveys.module.js";
import { intakeModule } from "../../src/hosts/modules/intake.module.js";
import { postgresSurveyStorage } from "../../src/adapters/postgres/surveys/postgres-survey-storage.js";
import { aCustomer } from "../support/fixtures.js";
import { surveyPersonalData } from "../../src/application/surveys/survey-personal-data.js";
import { DEFAULT_RETENTION, retentionCutoffs } from "../../src/domain/workspace/retention.js";
import { featureStorageSubjects } from "../support/feature-storage-subjects.js";

/*
 * The contract of the surveys storage, run against every adapter: the same records come back,
 * each workspace sees only its own, a failed use case leaves nothing, and the system queue finds
 * due invitations and tokens across workspaces.
 */
// resolveUseCases resolves the attachment use cases, whose quotas the intake module registers.
const { subjects, cleanUp } = featureStorageSubjects({ postgres: postgresSurveyStorage, modules: [intakeModule, surveysModule] });
afterAll(cleanUp);

const NOW = new Date("2026-05-01T10:00:00.000Z");

function fixtures(workspaceId: string, suffix: string) {
  const survey = validSurvey({ id: `survey-${suffix}`, workspaceId, now: NOW }, { title: `Umfrage ${suffix}`, language: "de" });
  const dispatch: Dispatch = {
    id: `dispatch-${suffix}`,
    workspaceId,
    surveyId: survey.id,
    mode: "personal",
    source: { kind: "trigger", triggerId: "trigger-1", event: "ticket.closed", recordId: "ticket-1", eventId: `event-${suffix}` },
    closesAt: "2026-06-01T10:00:00.000Z",
    closedAt: null,
    createdAt: NOW.toISOString(),
  };
  const invitation: Invitation = {
    id: `invitation-${suffix}`,
    workspaceId,
    surveyId: survey.id,
    dispatchId: dispatch.id,
    token: `token-${suffix}-abcdefghijklmnop`,
    participant: { email: `Person.${suffix}@Example.org`, name: "Person", customerId: `customer-${suffix}`, variables: { region: "Nord" } },
    status: "scheduled",
    sendAt: "2026-05-01T10:05:00.000Z",
    sentAt: null,
    remindersSent: 0,
    nextReminderAt: null,
    respondedAt: null,
    lastSurveyedAt: null,
    eligibleFrom: null,
    mailMessageIds: [`<survey.invitation-${suffix}.invitation@example.org>`],
    createdAt: NOW.toISOString(),
  };
  const response: SurveyResponse = {
    id: `response-${suffix}`,
    workspaceId,
    surveyId: survey.id,
    dispatchId: dispatch.id,
    invitationId: invitation.id,
    customerId: `customer-${suffix}`,
    answers: [{ questionId: "zufriedenheit", value: 4 }],
    variables: { region: "Nord" },
    submittedAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  };
  return { survey, dispatch, invitation, response };
}

describe.each(subjects)("the surveys storage on %s", (_name, setUp) => {

  it("stores and finds every record, bound to its workspace", async () => {
    const { close, uow, a, b } = await setUp();
    try {
      const { survey, dispatch, invitation, response } = fixtures(a, "1");
      await uow.run(a, async (tx) => {
        const store = tx.use(SURVEYS);
        await store.surveys.insert(survey);
        await store.dispatches.insert(dispatch);
        await store.invitations.insert(invitation);
        await store.responses.save(response);
        await store.triggers.insert({ id: "trigger-1", workspaceId: a, event: "ticket.closed", surveyId: survey.id, delayMinutes: 5, createdAt: NOW.toISOString() });
        await store.lists.save({ id: "team", workspaceId: a, members: [invitation.participant], updatedAt: NOW.toISOString() });
        return ok(null);
      });
      const seen = await uow.read(a, async (tx) => {
        const store = tx.use(SURVEYS);
        return ok({
          survey: await store.surveys.findById(survey.id),
          surveys: await store.surveys.list(),
          dispatch: await store.dispatches.findById(dispatch.id),
          byEvent: await store.dispatches.findByTriggerEvent("trigger-1", "event-1"),
          invitations: await store.invitations.listByParticipant("person.1@example.org"),
          byDispatch: await store.invitations.listByDispatch(dispatch.id),
          byCustomerInvitations: await store.invitations.listByCustomer("customer-1"),
          response: await store.responses.findByInvitation(invitation.id),
          byCustomer: await store.responses.listByCustomer("customer-1"),
          triggers: await store.triggers.listByEvent("ticket.closed"),
          list: await store.lists.findById("team"),
        });
      });
      expect(seen.ok && seen.value).toEqual({
        survey,
        surveys: [survey],
        dispatch,
        byEvent: dispatch,
        invitations: [invitation],
        byDispatch: [invitation],
        byCustomerInvitations: [invitation],
        response,
        byCustomer: [response],
        triggers: [expect.objectContaining({ id: "trigger-1", delayMinutes: 5 })],
        list: expect.objectContaining({ id: "team", members: [invitation.participant] }),
      });
      const fromB = await uow.read(b, async (tx) => {
        const store = tx.use(SURVEYS);
        return ok([await store.surveys.findById(survey.id), await store.dispatches.findById(dispatch.id), await store.invitations.findById(invitation.id), await store.lists.findById("team"), (await store.triggers.list()).length]);
      });
      expect(fromB.ok && fromB.value).toEqual([null, null, null, null, 0]);
    } finally {
      await close();
    }
  });

  it("replaces an answer to the same invitation, rolls back a failed use case, and deletes by customer and by survey", async () => {
    const { close, uow, a } = await setUp();
    try {
      const { survey, dispatch, invitation, response } = fixtures(a, "2");
      await uow.run(a, async (tx) => {
        const store = tx.use(SURVEYS);
        await store.surveys.insert(survey);
        await store.dispatches.insert(dispatch);
        await store.invitations.insert(invitation);
        await store.responses.save(response);
        await store.responses.save({ ...response, id: "ignored", answers: [{ questionId: "zufriedenheit", value: 2 }] });
        return ok(null);
      });
      const failed = await uow.run(a, async (tx) => {
        await tx.use(SURVEYS).surveys.insert({ ...survey, id: "rolled-back" });
        return err("no");
      });
      expect(failed.ok).toBe(false);
      const after = await uow.read(a, async (tx) => ok({ responses: await tx.use(SURVEYS).responses.listBySurvey(survey.id), surveys: await tx.use(SURVEYS).surveys.list() }));
      expect(after.ok && after.value.responses.map((r) => [r.id, r.answers[0]!.value])).toEqual([[response.id, 2]]);
      expect(after.ok && after.value.surveys.map((s) => s.id)).toEqual([survey.id]);

      const erased = await uow.run(a, async (tx) => ok([await tx.use(SURVEYS).responses.deleteByCustomer("customer-2"), await tx.use(SURVEYS).invitations.deleteByCustomer("customer-2")]));
      expect(erased.ok && erased.value).toEqual([1, 1]);
      await uow.run(a, async (tx) => ok(await tx.use(SURVEYS).surveys.delete(survey.id)));
      const gone = await uow.read(a, async (tx) => ok([await tx.use(SURVEYS).surveys.findById(survey.id), await tx.use(SURVEYS).dispatches.findById(dispatch.id)]));
      expect(gone.ok && gone.value).toEqual([null, null]);
    } finally {
      await close();
    }
  });

  it("finds records by age and lists by member for retention and the export, and deletes by id, in its workspace only", async () => {
    const { close, uow, a, b } = await setUp();
    try {
      const old = fixtures(a, "5");
      const recent = fixtures(a, "6");
      const other = fixtures(b, "7");
      const LATER = "2026-05-20T10:00:00.000Z";
      const recentInvitation = { ...recent.invitation, dispatchId: old.dispatch.id, createdAt: LATER };
      const recentResponse = { ...recent.response, dispatchId: old.dispatch.id, submittedAt: LATER, updatedAt: LATER };
      for (const [workspace, records, invitation, response] of [
        [a, old, old.invitation, old.response],
        [b, other, other.invitation, other.response],
      ] as const) {
        await uow.run(workspace, async (tx) => {
          const store = tx.use(SURVEYS);
          await store.surveys.insert(records.survey);
          await store.dispatches.insert(records.dispatch);
          await store.invitations.insert(invitation);
          await store.responses.save(response);
          await store.lists.save({ id: "team", workspaceId: workspace, members: [invitation.participant, recent.invitation.participant], updatedAt: NOW.toISOString() });
          return ok(null);
        });
      }
      await uow.run(a, async (tx) => {
        await tx.use(SURVEYS).invitations.insert({ ...recentInvitation, surveyId: old.survey.id });
        await tx.use(SURVEYS).responses.save({ ...recentResponse, surveyId: old.survey.id });
        return ok(null);
      });
      const cutoff = "2026-05-10T00:00:00.000Z";
      const found = await uow.read(a, async (tx) => {
        const store = tx.use(SURVEYS);
        return ok({
          invitations: (await store.invitations.listCreatedBefore(cutoff)).map((i) => i.id),
          responses: (await store.responses.listSubmittedBefore(cutoff)).map((r) => r.id),
          lists: (await store.lists.listByCustomer("customer-6")).map((l) => l.id),
          noLists: await store.lists.listByCustomer("customer-7"),
        });
      });
      expect(found.ok && found.value).toEqual({ invitations: ["invitation-5"], responses: ["response-5"], lists: ["team"], noLists: [] });

      const deleted = await uow.run(a, async (tx) => {
        const store = tx.use(SURVEYS);
        return ok([
          await store.responses.deleteByIds(["response-5", "response-7", "no-such-response"]),
          await store.invitations.deleteByIds(["invitation-5", "invitation-7"]),
          await store.responses.deleteByIds([]),
          await store.invitations.deleteByIds([]),
        ]);
      });
      expect(deleted.ok && deleted.value).toEqual([1, 1, 0, 0]);
      const left = await uow.read(a, async (tx) => ok((await tx.use(SURVEYS).responses.listBySurvey(old.survey.id)).map((r) => r.id)));
      expect(left.ok && left.value).toEqual(["response-6"]);
      const untouched = await uow.read(b, async (tx) => ok([(await tx.use(SURVEYS).responses.listSubmittedBefore(cutoff)).length, (await tx.use(SURVEYS).invitations.listCreatedBefore(cutoff)).length]));
      expect(untouched.ok && untouched.value).toEqual([1, 1]);
    } finally {
      await close();
    }
  });

  it("gives the personal-data section a person's survey data to export, erase and expire in the caller's transaction", async () => {
    const { close, uow, a } = await setUp();
    try {
      const mine = fixtures(a, "8");
      const customer = { ...aCustomer(a, { email: "person.8@example.org" }), id: "customer-8" };
      // Sent to their address before they were a customer: filed under none, found by the e-mail.
      const unfiled = { ...fixtures(a, "9").invitation, dispatchId: mine.dispatch.id, surveyId: mine.survey.id, participant: { ...mine.invitation.participant, customerId: null } };
      await uow.run(a, async (tx) => {
        const store = tx.use(SURVEYS);
        await store.surveys.insert(mine.survey);
        await store.dispatches.insert(mine.dispatch);
        await store.invitations.insert({ ...mine.invitation, status: "sent", sentAt: NOW.toISOString(), respondedAt: NOW.toISOString() });
        await store.invitations.insert(unfiled);
        await store.responses.save(mine.response);
        await store.lists.save({ id: "team", workspaceId: a, members: [mine.invitation.participant], updatedAt: NOW.toISOString() });
        return ok(null);
      });
      const exported = await uow.run(a, async (tx) => ok(await surveyPersonalData.gather(tx, customer)));
      expect(exported.ok && exported.value).toMatchObject({
        invitations: [{ id: "invitation-8" }, { id: "invitation-9" }],
        responses: [{ id: "response-8", answers: [{ questionId: "zufriedenheit", value: 4 }] }],
        listEntries: [{ listId: "team", email: mine.invitation.participant.email }],
      });

      const policy = { ...DEFAULT_RETENTION, surveyResponsesDays: 1 };
      const later = new Date(NOW.getTime() + 2 * 86_400_000);
      const dry = await uow.run(a, async (tx) => ok(await surveyPersonalData.applyRetention!(tx, { policy, cutoffs: retentionCutoffs(policy, later), now: later, dryRun: true })));
      // The unfiled invitation still waits to be sent, so it stays.
      expect(dry.ok && dry.value.counts).toEqual({ responses: 1, invitations: 1 });
      const failed = await uow.run(a, async (tx) => {
        await surveyPersonalData.erase(tx, customer);
        return err("rolled back");
      });
      expect(failed.ok).toBe(false);
      const erased = await uow.run(a, async (tx) => ok(await surveyPersonalData.erase(tx, customer)));
      expect(erased.ok && erased.value).toEqual({
        counts: { responses: 1, invitations: 2, listEntries: 1, outboxEvents: 0 },
        mailMessageIds: ["<survey.invitation-8.invitation@example.org>", "<survey.invitation-9.invitation@example.org>"],
      });
      const left = await uow.run(a, async (tx) => ok(await surveyPersonalData.gather(tx, customer)));
      expect(left.ok && left.value).toBeNull();
    } finally {
      await close();
    }
  });

  it("finds due invitations and tokens across workspaces, and forgets what is no longer due", async () => {
    const { close, uow, a, b } = await setUp();
    try {
      for (const [workspace, suffix] of [[a, "3"], [b, "4"]] as const) {
        const { survey, dispatch, invitation } = fixtures(workspace, suffix);
        await uow.run(workspace, async (tx) => {
          const store = tx.use(SURVEYS);
          await store.surveys.insert(survey);
          await store.dispatches.insert(dispatch);
          await store.invitations.insert(invitation);
          return ok(null);
        });
      }
      const queue = async (now: string) => uow.readSystem(async (tx) => ok(await tx.use(SURVEYS_SYSTEM).due(now, 10)));
      expect(await queue("2026-05-01T10:04:59.000Z")).toEqual({ ok: true, value: [] });
      const due = await queue("2026-05-01T10:05:00.000Z");
      expect(due.ok && due.value.map((ref) => ref.invitationId).sort()).toEqual(["invitation-3", "invitation-4"]);
      const token = await uow.readSystem(async (tx) => ok(await tx.use(SURVEYS_SYSTEM).findByToken("token-4-abcdefghijklmnop")));
      expect(token).toEqual({ ok: true, value: { workspaceId: b, invitationId: "invitation-4" } });

      const { invitation } = fixtures(a, "3");
      await uow.run(a, async (tx) => ok(await tx.use(SURVEYS).invitations.update({ ...invitation, status: "sent", sentAt: "2026-05-01T10:05:00.000Z", nextReminderAt: "2026-05-08T10:05:00.000Z" })));
      const later = await queue("2026-05-02T00:00:00.000Z");
      expect(later.ok && later.value.map((ref) => ref.invitationId)).toEqual(["invitation-4"]);
      const reminder = await queue("2026-05-08T10:05:00.000Z");
      expect(reminder.ok && reminder.value.map((ref) => ref.invitationId).sort()).toEqual(["invitation-3", "invitation-4"]);
    } finally {
      await close();
    }
  });
});
