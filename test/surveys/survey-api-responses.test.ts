import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentedResponses } from "../support/documented-responses.js";
import { eventually } from "../support/smtp-sink.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { queryDatabase } from "../support/test-database.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/*
 * Every answer of the surveys API held to /openapi.json, as test/e2e/openapi-responses.test.ts does
 * for the core: each status documented for its route, each JSON body valid against its schema, and
 * every documented success of a survey route provoked at least once.
 */
describe("the surveys API answers match the API reference", () => {
  let server: TestServer;
  let documented: DocumentedResponses;

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_SURVEY_TICK_MS: "100", LEADPORT_OUTBOX_POLL_MS: "100" });
    documented = new DocumentedResponses((await (await fetch(`${server.url}/openapi.json`)).json()) as Json);
  });

  afterAll(async () => {
    await server.stop();
  });

  async function call(method: string, path: string, init: Parameters<TestServer["request"]>[1] = {}): Promise<{ status: number; body: Json }> {
    const checked = await documented.check(method, path, await server.request(path, { method, ...init }));
    return { status: checked.status, body: checked.body as Json };
  }

  it("documents surveys, dispatches, participants, results, satisfaction, lists and triggers", async () => {
    // Anna looks after Eva (the assignee of her inquiry); Bea asked, as everyone does by default, for survey feedback.
    const anna = (await server.request("/api/v1/staff", { method: "POST", json: { name: "Anna", email: "anna@example.org" } }).then((r) => r.json())).id as string;
    const bea = (await server.request("/api/v1/staff", { method: "POST", json: { name: "Bea", email: "bea@example.org" } }).then((r) => r.json())).id as string;
    const customer = (
      await server.request("/api/v1/inquiries", { method: "POST", json: { title: "Dach", contact: { name: "Eva", email: "eva@example.org" }, assignee: "anna@example.org" } }).then((r) => r.json())
    ).customerId;
    const survey = (await call("POST", "/api/v1/surveys", { json: { title: "Service", questions: [{ id: "wahl", kind: "choice", text: "Womit?", options: ["Dach", "Wand"] }, { id: "note", kind: "rating", text: "Note?", required: true }] } })).body;
    expect((await call("GET", "/api/v1/surveys")).body.items).toHaveLength(1);
    expect((await call("GET", `/api/v1/surveys/${survey.id}`)).body.id).toBe(survey.id);
    expect((await call("PATCH", `/api/v1/surveys/${survey.id}`, { json: { reminders: { maxReminders: 1 } } })).body.reminders.maxReminders).toBe(1);
    expect((await call("PATCH", `/api/v1/surveys/${survey.id}`, { json: { quarantine: { days: 9999 } } })).status).toBe(400);

    const shared = (await call("POST", `/api/v1/surveys/${survey.id}/dispatches`, { json: { mode: "shared", participants: [{ email: "eva@example.org", variables: { region: "Nord" } }] } })).body;
    expect(shared.invited[0].customerId).toBe(customer);
    const dispatchId = shared.dispatches[0].id;
    expect((await call("POST", `/api/v1/dispatches/${dispatchId}/participants`, { json: { participants: [{ email: "max@example.org", name: "Max" }] } })).body.invited).toHaveLength(1);
    expect((await call("GET", `/api/v1/dispatches/${dispatchId}`)).body.invited).toHaveLength(2);
    expect((await call("GET", `/api/v1/surveys/${survey.id}/dispatches`)).body.items).toHaveLength(1);
    expect((await call("POST", `/api/v1/dispatches/${dispatchId}/close`)).body.open).toBe(false);
    expect((await call("POST", `/api/v1/dispatches/${dispatchId}/participants`, { json: { participants: [{ email: "late@example.org" }] } })).status).toBe(409);
    expect((await call("GET", `/api/v1/surveys/${survey.id}/results?variable=region%3DNord`)).body.questions[0].distribution).toEqual({ Dach: 0, Wand: 0 });
    expect((await call("GET", `/api/v1/customers/${customer}/satisfaction`)).body).toEqual({ customerId: customer, latest: null, history: [] });

    // Answered through the link (read from the database: this server sends no mail), then read back.
    expect((await call("PATCH", `/api/v1/surveys/${survey.id}`, { json: { quarantine: { days: 0 } } })).body.quarantine.days).toBe(0);
    const personal = (await call("POST", `/api/v1/surveys/${survey.id}/dispatches`, { json: { mode: "personal", participants: [{ email: "eva@example.org" }] } })).body;
    const [{ token }] = (await queryDatabase<{ token: string }>(join(server.dataDir, "leadport.db"), "SELECT token FROM survey_invitations WHERE id = ?", [personal.invited[0].invitationId])) as [{ token: string }];
    const dispatchOfEva = personal.dispatches[0].id;
    await eventually(async () => (await call("GET", `/api/v1/dispatches/${dispatchOfEva}`)).body.invited[0].sentAt, "the invitation to go out");
    const answered = await fetch(`${server.url}/s/${token}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "wahl=Dach&note=2" });
    expect(answered.status).toBe(200);
    const satisfaction = (await call("GET", `/api/v1/customers/${customer}/satisfaction`)).body;
    expect(satisfaction.latest).toMatchObject({ rating: 2, level: "unsatisfied", churnRisk: true, answers: [{ questionId: "wahl", value: "Dach" }, { questionId: "note", value: 2 }] });
    expect((await call("GET", `/api/v1/surveys/${survey.id}/results`)).body.questions[0].distribution).toEqual({ Dach: 1, Wand: 0 });

    // The low score reaches the owner in the app as a churn-risk warning, the others as feedback; documented like every notification.
    const noticesOf = async (staffId: string) =>
      ((await call("GET", `/api/v1/staff/${staffId}/notifications`)).body.items as Json[]).filter((item) => item.kind === "notice");
    const [churn] = await eventually(async () => ((await noticesOf(anna)).length > 0 ? noticesOf(anna) : null), "the owner's notice");
    expect(churn).toMatchObject({ kind: "notice", notice: { feature: "surveys", topic: "churn_risk", severity: "warning" }, link: `/api/v1/customers/${customer}/satisfaction`, pageUrl: null });
    expect(churn!.title).toContain("Abwanderungsrisiko");
    expect(churn!.body).toContain("Note? 2");
    const feedback = await eventually(async () => ((await noticesOf(bea)).length > 0 ? noticesOf(bea) : null), "the feedback notice");
    expect(feedback).toMatchObject([{ notice: { feature: "surveys", topic: "feedback_received" }, link: `/api/v1/surveys/${survey.id}/results` }]);
    expect(await noticesOf(anna)).toHaveLength(1);

    expect((await call("PUT", "/api/v1/participant-lists/team/members", { json: { members: [{ email: "a@example.org" }] } })).body.added).toBe(1);
    expect((await call("PATCH", "/api/v1/participant-lists/team/members", { json: { remove: ["a@example.org"] } })).body.removed).toBe(1);
    expect((await call("GET", "/api/v1/participant-lists/team/members")).body.members).toEqual([]);
    expect((await call("PUT", "/api/v1/participant-lists/bad%20id/members", { json: { members: [] } })).status).toBe(400);

    const trigger = (await call("POST", "/api/v1/survey-triggers", { json: { event: "order.accepted", surveyId: survey.id, delayMinutes: 30 } })).body;
    expect((await call("GET", "/api/v1/survey-triggers")).body.items).toEqual([trigger]);
    expect((await call("DELETE", `/api/v1/survey-triggers/${trigger.id}`)).status).toBe(204);
    expect((await call("DELETE", `/api/v1/surveys/${survey.id}`)).status).toBe(204);
    expect((await call("GET", `/api/v1/surveys/${survey.id}`)).status).toBe(404);
    expect((await call("GET", "/api/v1/surveys", { key: null })).status).toBe(401);
  });

  it("has checked every documented JSON success of the survey routes", () => {
    const surveyRoutes = documented
      .documentedJsonSuccesses()
      .filter((answer) => /\/(surveys|dispatches|participant-lists|survey-triggers)\b|\/satisfaction /.test(answer));
    expect(surveyRoutes.length).toBeGreaterThan(10);
    expect(surveyRoutes.filter((answer) => !documented.checked.has(answer))).toEqual([]);
  });
});
