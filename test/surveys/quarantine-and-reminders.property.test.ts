import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  admitParticipant,
  applyMailAction,
  contactOf,
  markResponded,
  nextMailAction,
  participantKey,
  type Dispatch,
  type DispatchMode,
  type Invitation,
} from "../../src/domain/survey/invitation.js";
import { checkQuarantine, DAY_MS } from "../../src/domain/survey/quarantine.js";
import type { Survey } from "../../src/domain/survey/survey.js";
import { validSurvey } from "./survey-fixtures.js";

/*
 * The quarantine and reminder rules, stated over arbitrary histories: people are admitted to
 * surveys (personal or shared, with delays), time passes, the scheduler ticks, people answer and
 * dispatches close, in any order. The engine below is the same loop the tick use case runs.
 */

const HOUR = 60 * 60 * 1000;
const START = Date.parse("2026-01-01T00:00:00.000Z");
const PEOPLE = ["anna@example.org", "ben@example.org", "ANNA@example.org "];

const surveyArb = (id: string) =>
  fc.record({ days: fc.integer({ min: 0, max: 60 }), across: fc.boolean(), after: fc.integer({ min: 1, max: 10 }), max: fc.integer({ min: 0, max: 3 }) }).map(
    (rule): Survey =>
      validSurvey(
        { id, workspaceId: "w", now: new Date(START) },
        { title: id, language: "de", quarantine: { days: rule.days, acrossSurveys: rule.across }, reminders: { afterDays: rule.after, maxReminders: rule.max }, closeAfterDays: 40 },
      ),
  );

const stepArb = fc.oneof(
  fc.record({ kind: fc.constant("admit" as const), person: fc.nat(PEOPLE.length - 1), survey: fc.nat(1), mode: fc.constantFrom<DispatchMode>("personal", "shared"), delayHours: fc.integer({ min: 0, max: 24 * 5 }) }),
  fc.record({ kind: fc.constant("tick" as const) }),
  fc.record({ kind: fc.constant("respond" as const), pick: fc.nat(50) }),
  fc.record({ kind: fc.constant("close" as const), pick: fc.nat(50) }),
);

const historyArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 24 * 12 }), stepArb), { maxLength: 80 });

interface Mail {
  readonly invitationId: string;
  readonly person: string;
  readonly surveyId: string;
  readonly kind: "invite" | "remind";
  readonly at: number;
}

function run(surveys: readonly Survey[], history: ReadonlyArray<readonly [number, ReturnType<typeof stepArb.generate>["value"] | { kind: string }]>) {
  let now = START;
  let counter = 0;
  const dispatches = new Map<string, Dispatch>();
  const invitations: Invitation[] = [];
  const mails: Mail[] = [];
  const closedAt = new Map<string, number>();
  const admissions: Array<{ invitation: Invitation; outsideWindow: boolean }> = [];
  const sharedDispatch = new Map<string, Dispatch>();

  const newDispatch = (survey: Survey, mode: DispatchMode): Dispatch => {
    const dispatch: Dispatch = {
      id: `d${counter++}`,
      workspaceId: "w",
      surveyId: survey.id,
      mode,
      source: { kind: "api" },
      closesAt: new Date(now + survey.closeAfterDays * DAY_MS).toISOString(),
      closedAt: null,
      createdAt: new Date(now).toISOString(),
    };
    dispatches.set(dispatch.id, dispatch);
    return dispatch;
  };

  for (const [advanceHours, step] of history) {
    now += advanceHours * HOUR;
    const at = new Date(now);
    if (step.kind === "admit") {
      const { person, survey: surveyIndex, mode, delayHours } = step as { person: number; survey: number; mode: DispatchMode; delayHours: number };
      const survey = surveys[surveyIndex]!;
      let dispatch = mode === "shared" ? sharedDispatch.get(survey.id) : undefined;
      if (!dispatch || dispatch.closedAt !== null || Date.parse(dispatch.closesAt) <= now) {
        dispatch = newDispatch(survey, mode);
        if (mode === "shared") sharedDispatch.set(survey.id, dispatch);
      }
      const email = PEOPLE[person]!;
      const prior = invitations.filter((i) => participantKey(i.participant.email) === participantKey(email)).flatMap((i) => contactOf(i) ?? []);
      const sendAt = new Date(now + delayHours * HOUR);
      const window = survey.quarantine.days * DAY_MS;
      const outsideWindow = prior.every((c) => !(survey.quarantine.acrossSurveys || c.surveyId === survey.id) || Math.abs(c.at.getTime() - sendAt.getTime()) >= window);
      const invitation = admitParticipant({ id: `i${counter++}`, token: `t${counter}`, dispatch, now: at }, survey, { email, name: "P", customerId: null, variables: {} }, prior, sendAt);
      invitations.push(invitation);
      admissions.push({ invitation, outsideWindow });
    } else if (step.kind === "tick") {
      // One invitation after the other, each seeing what the ones before it sent: as the tick's transactions do.
      for (let index = 0; index < invitations.length; index++) {
        const invitation = invitations[index]!;
        const dispatch = dispatches.get(invitation.dispatchId)!;
        const survey = surveys.find((s) => s.id === invitation.surveyId)!;
        const sentBefore = invitations
          .filter((other) => other.id !== invitation.id && other.status === "sent" && participantKey(other.participant.email) === participantKey(invitation.participant.email))
          .flatMap((other) => contactOf(other) ?? []);
        const action = nextMailAction(invitation, dispatch, survey, sentBefore, at);
        if (action.kind === "invite" || action.kind === "remind") {
          mails.push({ invitationId: invitation.id, person: participantKey(invitation.participant.email), surveyId: survey.id, kind: action.kind, at: now });
        }
        invitations[index] = applyMailAction(invitation, dispatch, survey, action, at);
      }
    } else if (step.kind === "respond" && invitations.length > 0) {
      const index = (step as { pick: number }).pick % invitations.length;
      const invitation = invitations[index]!;
      const dispatch = dispatches.get(invitation.dispatchId)!;
      if (invitation.status === "sent" && dispatch.closedAt === null && Date.parse(dispatch.closesAt) > now) invitations[index] = markResponded(invitation, at);
    } else if (step.kind === "close" && dispatches.size > 0) {
      const all = [...dispatches.values()];
      const dispatch = all[(step as { pick: number }).pick % all.length]!;
      if (dispatch.closedAt === null) {
        dispatches.set(dispatch.id, { ...dispatch, closedAt: at.toISOString() });
        closedAt.set(dispatch.id, now);
      }
    }
  }
  return { invitations, mails, dispatches, admissions };
}

const scenario = fc.tuple(surveyArb("s1"), surveyArb("s2"), historyArb);

describe("survey quarantine and reminders, over arbitrary histories", () => {
  it("never invites the same person to the same survey twice within its quarantine window", () => {
    fc.assert(
      fc.property(scenario, ([s1, s2, history]) => {
        const { mails } = run([s1, s2], history);
        const invites = mails.filter((mail) => mail.kind === "invite");
        for (const survey of [s1, s2]) {
          const window = survey.quarantine.days * DAY_MS;
          // In the order they were sent: the later invitation is the one its survey's rule had to hold back.
          invites.forEach((b, later) => {
            for (const a of invites.slice(0, later)) {
              if (a.person !== b.person || b.surveyId !== survey.id) continue;
              if (a.surveyId === survey.id || survey.quarantine.acrossSurveys) expect(b.at - a.at).toBeGreaterThanOrEqual(window);
            }
          });
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("sends no reminder to someone who answered, none in a shared dispatch, none after closing, and never more than the plan", () => {
    fc.assert(
      fc.property(scenario, ([s1, s2, history]) => {
        const { mails, invitations, dispatches } = run([s1, s2], history);
        for (const invitation of invitations) {
          const reminders = mails.filter((mail) => mail.invitationId === invitation.id && mail.kind === "remind");
          const survey = invitation.surveyId === s1.id ? s1 : s2;
          const dispatch = dispatches.get(invitation.dispatchId)!;
          expect(reminders.length).toBeLessThanOrEqual(survey.reminders.maxReminders);
          if (dispatch.mode === "shared") expect(reminders).toEqual([]);
          for (const reminder of reminders) {
            if (invitation.respondedAt) expect(reminder.at).toBeLessThan(Date.parse(invitation.respondedAt));
            if (dispatch.closedAt) expect(reminder.at).toBeLessThan(Date.parse(dispatch.closedAt));
            expect(reminder.at).toBeLessThan(Date.parse(dispatch.closesAt));
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("always admits a participant whose earlier surveys all lie outside the window", () => {
    fc.assert(
      fc.property(scenario, ([s1, s2, history]) => {
        for (const { invitation, outsideWindow } of run([s1, s2], history).admissions) {
          expect(invitation.status === "scheduled").toBe(outsideWindow);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("tells a quarantined participant the date they become eligible, and admits them from then on", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 365 }), fc.integer({ min: 0, max: 400 * 24 }), (days, hoursLater) => {
        const rule = { days, acrossSurveys: false };
        const sent = new Date(START);
        const at = new Date(START + hoursLater * HOUR);
        const verdict = checkQuarantine("s", rule, [{ surveyId: "s", at: sent }], at);
        if (hoursLater * HOUR >= days * DAY_MS) expect(verdict.admitted).toBe(true);
        else {
          if (verdict.admitted) throw new Error("admitted inside the window");
          expect(verdict).toEqual({ admitted: false, lastSurveyedAt: sent, eligibleFrom: new Date(START + days * DAY_MS) });
          expect(checkQuarantine("s", rule, [{ surveyId: "s", at: sent }], verdict.eligibleFrom).admitted).toBe(true);
        }
      }),
    );
  });
});
