import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { personalize, type Participant } from "../../src/domain/survey/invitation.js";
import { patchMembers, replaceMembers } from "../../src/domain/survey/participant-list.js";
import { isChurnRisk, readAnswers, satisfactionLevel, summarizeResults, type SurveyResponse } from "../../src/domain/survey/response.js";
import { surveyIssues } from "../../src/domain/survey/survey.js";
import { validSurvey } from "./survey-fixtures.js";
import { renderSurveyMail } from "../../src/domain/survey/survey-mail.js";
import { compose } from "../../src/hosts/container.js";
import * as answerSurvey from "../../src/application/surveys/answer-survey.js";
import * as openSurveyLink from "../../src/application/surveys/open-survey-link.js";
import * as createDispatch from "../../src/application/surveys/create-dispatch.js";
import * as addParticipants from "../../src/application/surveys/add-participants.js";
import * as getDispatch from "../../src/application/surveys/get-dispatch.js";
import * as listDispatches from "../../src/application/surveys/list-dispatches.js";
import * as closeDispatch from "../../src/application/surveys/close-dispatch.js";
import * as createSurvey from "../../src/application/surveys/create-survey.js";
import * as listSurveys from "../../src/application/surveys/list-surveys.js";
import * as getSurvey from "../../src/application/surveys/get-survey.js";
import * as updateSurvey from "../../src/application/surveys/update-survey.js";
import * as deleteSurvey from "../../src/application/surveys/delete-survey.js";
import * as replaceListMembers from "../../src/application/surveys/replace-list-members.js";
import * as patchListMembers from "../../src/application/surveys/patch-list-members.js";
import * as getParticipantList from "../../src/application/surveys/get-participant-list.js";
import * as ticking from "../../src/application/surveys/send-due-survey-mails.js";
import * as mailing from "../../src/application/surveys/survey-mail-handlers.js";
import * as getSurveyResults from "../../src/application/surveys/get-survey-results.js";
import * as getCustomerSatisfaction from "../../src/application/surveys/get-customer-satisfaction.js";
import * as createSurveyTrigger from "../../src/application/surveys/create-survey-trigger.js";
import * as listSurveyTriggers from "../../src/application/surveys/list-survey-triggers.js";
import * as deleteSurveyTrigger from "../../src/application/surveys/delete-survey-trigger.js";
import * as startTriggeredSurveys from "../../src/application/surveys/start-triggered-surveys.js";

const survey = validSurvey({ id: "s", workspaceId: "w", now: new Date("2026-01-01T00:00:00Z") }, { title: "Service", language: "de" });
const response = (values: Record<string, number | string>, variables: Record<string, string> = {}): SurveyResponse => ({
  id: `r-${JSON.stringify(values)}`,
  workspaceId: "w",
  surveyId: "s",
  dispatchId: "d",
  invitationId: "i",
  customerId: null,
  answers: Object.entries(values).map(([questionId, value]) => ({ questionId, value })),
  variables,
  submittedAt: "2026-01-02T00:00:00.000Z",
  updatedAt: "2026-01-02T00:00:00.000Z",
});

describe("survey answers", () => {
  it("reads form values into answers and names each failing question in the survey's language", () => {
    expect(readAnswers(survey, { zufriedenheit: "4", empfehlung: "10", kommentar: "  gut  " })).toEqual({
      ok: true,
      value: [
        { questionId: "zufriedenheit", value: 4 },
        { questionId: "empfehlung", value: 10 },
        { questionId: "kommentar", value: "gut" },
      ],
    });
    expect(readAnswers(survey, { empfehlung: "1.5" })).toEqual({
      ok: false,
      error: [
        { path: "zufriedenheit", message: "Bitte beantworten Sie diese Frage." },
        { path: "empfehlung", message: "Bitte wählen Sie einen Wert von 0 bis 10." },
      ],
    });
  });

  it("counts a rating of 2 or less, or a recommendation of 6 or less, as a churn risk", () => {
    expect(isChurnRisk(survey, response({ zufriedenheit: 3, empfehlung: 7 }))).toBe(false);
    expect(isChurnRisk(survey, response({ zufriedenheit: 2 }))).toBe(true);
    expect(isChurnRisk(survey, response({ zufriedenheit: 5, empfehlung: 6 }))).toBe(true);
    expect(satisfactionLevel(survey, response({ zufriedenheit: 1 }))).toBe("very_unsatisfied");
  });

  it("summarises averages, distributions and the NPS", () => {
    const summary = summarizeResults(survey, 4, [response({ zufriedenheit: 5, empfehlung: 10 }), response({ zufriedenheit: 2, empfehlung: 6 }), response({ zufriedenheit: 4, empfehlung: 8 })]);
    expect(summary).toMatchObject({ sent: 4, answered: 3, responseRate: 0.75 });
    expect(summary.questions[0]).toMatchObject({ average: 3.67, distribution: { "1": 0, "2": 1, "3": 0, "4": 1, "5": 1 } });
    expect(summary.questions[1]!.nps).toEqual({ score: 0, promoters: 1, passives: 1, detractors: 1 });
  });
});

describe("surveys and their mails", () => {
  it("refuses rules out of range, naming each field", () => {
    const broken = { ...survey, quarantine: { days: 731, acrossSurveys: false }, reminders: { afterDays: 0, maxReminders: 6 }, closeAfterDays: 0 };
    expect(surveyIssues(broken).map((issue) => issue.path)).toEqual(["quarantine.days", "reminders.afterDays", "reminders.maxReminders", "closeAfterDays"]);
  });

  it("personalises the invitation with the name and background variables, escaping them in HTML", () => {
    const participant: Participant = { email: "a@example.org", name: "Ada <A>", customerId: null, variables: { agent: "Tom" } };
    expect(personalize("Hallo {{name}}, wie war {{ agent }}? {{unbekannt}}", participant)).toBe("Hallo Ada <A>, wie war Tom? ");
    const mail = renderSurveyMail({ ...survey, invitationText: "Wie war es mit {{agent}}?" }, participant, "https://crm.example/s/abc", "invitation");
    expect(mail.text).toBe("Hallo Ada <A>,\n\nWie war es mit Tom?\n\nZur Umfrage: https://crm.example/s/abc\n\nVielen Dank!\n");
    expect(mail.html).toContain("Hallo Ada &lt;A&gt;,");
  });
});

describe("participant lists", () => {
  const member = (email: string, name = "") => ({ email, name, customerId: null, variables: {} });

  it("replaces members idempotently, counting what was added, updated and removed", () => {
    const first = replaceMembers([], [member("a@x.org"), member("b@x.org"), member("A@x.org", "A")]);
    expect(first.change).toEqual({ added: 2, updated: 0, removed: 0, unchanged: 0 });
    const second = replaceMembers(first.members, [member("A@x.org", "A"), member("c@x.org")]);
    expect(second.change).toEqual({ added: 1, updated: 0, removed: 1, unchanged: 1 });
    expect(replaceMembers(second.members, second.members).change).toEqual({ added: 0, updated: 0, removed: 0, unchanged: 2 });
    expect(patchMembers(second.members, [member("c@x.org", "C")], ["a@x.org"]).change).toEqual({ added: 0, updated: 1, removed: 1, unchanged: 0 });
  });
});

describe("the surveys module's wiring", () => {
  it("resolves every survey use case and handler from a host's container", () => {
    const composition = compose({ storage: { kind: "memory" } });
    try {
      const classes = [
        answerSurvey,
        openSurveyLink,
        createDispatch,
        addParticipants,
        getDispatch,
        listDispatches,
        closeDispatch,
        createSurvey,
        listSurveys,
        getSurvey,
        updateSurvey,
        deleteSurvey,
        replaceListMembers,
        patchListMembers,
        getParticipantList,
        ticking,
        mailing,
        getSurveyResults,
        getCustomerSatisfaction,
        createSurveyTrigger,
        listSurveyTriggers,
        deleteSurveyTrigger,
        startTriggeredSurveys,
      ].flatMap((module) =>
        Object.values(module).filter((value): value is new (...args: never[]) => object => typeof value === "function" && /^[A-Z]/.test(value.name) && value.prototype?.execute !== undefined || value?.prototype?.handle !== undefined),
      );
      expect(classes.length).toBeGreaterThan(20);
      for (const useCase of classes) expect(composition.container.resolve(useCase as never), useCase.name).toBeInstanceOf(useCase);
    } finally {
      composition.close();
    }
  });
});
