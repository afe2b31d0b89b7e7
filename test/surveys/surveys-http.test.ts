import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/hosts/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually, startSmtpSink, type SmtpSink } from "../support/smtp-sink.js";
import { dataDirEnv } from "../support/test-database.js";

/*
 * The surveys API and answer pages over HTTP on a real server: dispatch modes, quarantine reports,
 * participant lists, the refusals of the public pages, bad input and tenancy.
 */
describe("surveys over HTTP", () => {
  let smtp: SmtpSink;
  let server: TestServer;
  let otherKey: string;

  const json = async (path: string, init?: Parameters<TestServer["request"]>[1]) => {
    const response = await server.request(path, init);
    return { status: response.status, body: response.status === 204 ? null : await response.json() };
  };
  const createSurvey = async (body: Record<string, unknown> = { title: "Workshop-Feedback" }) => (await json("/api/v1/surveys", { method: "POST", json: body })).body;
  const linkFor = async (email: string) => {
    const mail = await eventually(() => smtp.received.find((m) => m.to.includes(email)) ?? null, `the mail to ${email}`);
    const link = /(?:Zur Umfrage|Open the survey): (\S+)/.exec(mail.text)![1]!;
    return { mail, path: new URL(link).pathname };
  };
  const answer = (path: string, fields: Record<string, string>) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });

  beforeAll(async () => {
    smtp = await startSmtpSink();
    server = await startTestServer({ LEADPORT_SMTP_URL: smtp.url, LEADPORT_OUTBOX_POLL_MS: "50", LEADPORT_SURVEY_TICK_MS: "100", LEADPORT_SURVEY_MAX_PARTICIPANTS: "3" });
    // A second workspace with a key of its own, made the way an operator does: with the command line.
    const lines: string[] = [];
    const io = { out: (text: string) => lines.push(text), err: () => undefined, env: dataDirEnv(server.dataDir) };
    expect(await runCli(["workspaces", "create", "andere"], io)).toBe(0);
    expect(await runCli(["keys", "create", "--name", "Andere", "--workspace", "andere"], io)).toBe(0);
    otherKey = lines.join("").trim().split("\n").pop()!;
  });

  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  it("gives a new survey the default questions in German and refuses rules out of range, naming the field", async () => {
    const survey = await createSurvey();
    expect(survey).toMatchObject({ language: "de", quarantine: { days: 30 }, reminders: { afterDays: 7, maxReminders: 2 } });
    expect(survey.questions.map((q: { id: string }) => q.id)).toEqual(["zufriedenheit", "empfehlung", "kommentar"]);

    const bad = await json("/api/v1/surveys", { method: "POST", json: { title: "X", quarantine: { days: -1 }, reminders: { maxReminders: 9 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["quarantine.days", "reminders.maxReminders"]);
    expect((await json(`/api/v1/surveys/${survey.id}`, { method: "PATCH", json: { reminders: { afterDays: 0 } } })).body.errors[0].path).toBe("reminders.afterDays");
    expect((await json("/api/v1/surveys")).body.items.some((s: { title: string }) => s.title === "X")).toBe(false);
  });

  it("sends a shared dispatch personalised with background variables, takes and replaces the answer, and filters results by variable", async () => {
    const survey = await createSurvey({ title: "Workshop Dach", invitationText: "Wie fanden Sie den Workshop bei {{agent}}?", quarantine: { days: 0 } });
    const created = await json(`/api/v1/surveys/${survey.id}/dispatches`, {
      method: "POST",
      json: { mode: "shared", participants: [{ email: "a@example.org", name: "A", variables: { agent: "Tom", region: "Nord" } }] },
    });
    expect(created.status).toBe(201);
    const dispatchId = created.body.dispatches[0].id;
    const added = await json(`/api/v1/dispatches/${dispatchId}/participants`, { method: "POST", json: { participants: [{ email: "b@example.org", variables: { agent: "Tom", region: "Süd" } }] } });
    expect(added.body.invited.map((i: { email: string }) => i.email)).toEqual(["b@example.org"]);

    const a = await linkFor("a@example.org");
    expect(a.mail.text).toContain("Wie fanden Sie den Workshop bei Tom?");
    const b = await linkFor("b@example.org");
    expect((await answer(a.path, { zufriedenheit: "5", empfehlung: "10" })).status).toBe(200);
    expect((await answer(b.path, { zufriedenheit: "2" })).status).toBe(200);
    const changed = await answer(b.path, { zufriedenheit: "4" });
    expect(await changed.text()).toContain("Ihre geänderte Antwort wurde gespeichert.");

    const all = (await json(`/api/v1/surveys/${survey.id}/results`)).body;
    expect(all).toMatchObject({ sent: 2, answered: 2, responseRate: 1 });
    expect(all.questions[0].average).toBe(4.5);
    const north = (await json(`/api/v1/surveys/${survey.id}/results?variable=region%3DNord`)).body;
    expect(north).toMatchObject({ sent: 1, answered: 1 });
    expect(north.questions[1].nps).toMatchObject({ score: 100, promoters: 1 });
    expect((await json(`/api/v1/surveys/${survey.id}/results?from=2000-01-01&to=2000-01-02`)).body.answered).toBe(0);
  });

  it("shows the form again with the message beside a question when an answer is out of range, and stores nothing", async () => {
    const survey = await createSurvey({ title: "Bereich", quarantine: { days: 0 } });
    await json(`/api/v1/surveys/${survey.id}/dispatches`, { method: "POST", json: { mode: "personal", participants: [{ email: "range@example.org" }] } });
    const { path } = await linkFor("range@example.org");
    const refused = await answer(path, { zufriedenheit: "7", empfehlung: "11" });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('id="zufriedenheit-error">Bitte wählen Sie einen Wert von 1 bis 5.</p>');
    expect(html).toContain('id="empfehlung-error">Bitte wählen Sie einen Wert von 0 bis 10.</p>');
    expect((await json(`/api/v1/surveys/${survey.id}/results`)).body.answered).toBe(0);
  });

  it("answers unknown, tampered and closed links with a friendly page, never a stack trace", async () => {
    const survey = await createSurvey({ title: "Geschlossen", quarantine: { days: 0 } });
    const dispatch = (await json(`/api/v1/surveys/${survey.id}/dispatches`, { method: "POST", json: { mode: "personal", participants: [{ email: "closed@example.org" }] } })).body;
    const { path } = await linkFor("closed@example.org");

    const tampered = await fetch(`${server.url}${path.slice(0, -2)}xx`);
    expect(tampered.status).toBe(404);
    expect(tampered.headers.get("content-type")).toContain("text/html");
    expect(await tampered.text()).toContain("Umfrage nicht gefunden");
    expect((await fetch(`${server.url}/s/%3Cscript%3E`)).status).toBe(404);

    expect((await json(`/api/v1/dispatches/${dispatch.dispatches[0].id}/close`, { method: "POST" })).body.open).toBe(false);
    const closed = await fetch(`${server.url}${path}`);
    expect(closed.status).toBe(410);
    expect(await closed.text()).toContain("Umfrage beendet");
    expect((await answer(path, { zufriedenheit: "3" })).status).toBe(410);
    const broken = await fetch(`${server.url}${path}`, { method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=x" }, body: "--x\r\nbroken" });
    expect(broken.headers.get("content-type")).toContain("text/html");
  });

  it("reports participants skipped by the quarantine with the date they become eligible", async () => {
    const survey = await createSurvey({ title: "Quarantäne", quarantine: { days: 30 } });
    // An hour's delay keeps the tick from sending it meanwhile: the window then counts from the scheduled time.
    const first = (await json(`/api/v1/surveys/${survey.id}/dispatches`, { method: "POST", json: { mode: "personal", delayMinutes: 60, participants: [{ email: "q@example.org" }] } })).body;
    const sendAt = Date.parse(first.invited[0].sendAt);
    const second = (await json(`/api/v1/surveys/${survey.id}/dispatches`, { method: "POST", json: { mode: "personal", participants: [{ email: "Q@Example.org" }, { email: "fresh@example.org" }] } })).body;
    expect(second.invited.map((i: { email: string }) => i.email)).toEqual(["fresh@example.org"]);
    expect(second.skipped).toEqual([expect.objectContaining({ email: "Q@Example.org", reason: "quarantine", eligibleFrom: new Date(sendAt + 30 * 86_400_000).toISOString() })]);

    const open = await createSurvey({ title: "Ohne Quarantäne", quarantine: { days: 0 } });
    const twice = (await json(`/api/v1/surveys/${open.id}/dispatches`, { method: "POST", json: { mode: "shared", participants: [{ email: "dup@example.org" }, { email: "DUP@example.org", name: "Dup" }] } })).body;
    expect(twice.invited).toEqual([expect.objectContaining({ email: "DUP@example.org", name: "Dup" })]);
  });

  it("keeps participant lists in sync idempotently and dispatches to them", async () => {
    const members = [{ email: "m1@example.org", name: "Eins", variables: { department: "Dach" } }, { email: "m2@example.org", name: "Zwei" }];
    const put = await json("/api/v1/participant-lists/mitarbeitende/members", { method: "PUT", json: { members } });
    expect(put.body).toMatchObject({ added: 2, updated: 0, removed: 0 });
    expect((await json("/api/v1/participant-lists/mitarbeitende/members", { method: "PUT", json: { members } })).body).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 2 });
    const patched = await json("/api/v1/participant-lists/mitarbeitende/members", { method: "PATCH", json: { add: [{ email: "m3@example.org" }], remove: ["M1@example.org"] } });
    expect(patched.body).toMatchObject({ added: 1, removed: 1 });
    expect(patched.body.members.map((m: { email: string }) => m.email).sort()).toEqual(["m2@example.org", "m3@example.org"]);

    const survey = await createSurvey({ title: "Liste" });
    const sent = (await json(`/api/v1/surveys/${survey.id}/dispatches`, { method: "POST", json: { mode: "shared", listId: "mitarbeitende" } })).body;
    expect(sent.invited.map((i: { email: string }) => i.email).sort()).toEqual(["m2@example.org", "m3@example.org"]);
    const again = (await json(`/api/v1/surveys/${survey.id}/dispatches`, { method: "POST", json: { mode: "shared", listId: "mitarbeitende" } })).body;
    expect(again.invited).toEqual([]);
    expect(again.skipped).toHaveLength(2);
  });

  it("sends the survey of an order.accepted trigger to the orderer, also without a customer record", async () => {
    const survey = await createSurvey({ title: "Ihre Bestellung", quarantine: { days: 0 } });
    expect((await json("/api/v1/survey-triggers", { method: "POST", json: { event: "order.accepted", surveyId: survey.id } })).status).toBe(201);
    const posted = await fetch(`${server.url}/api/v1/lead.php`, {
      method: "POST",
      headers: { "X-API-KEY": server.key, "Content-Type": "application/json" },
      body: JSON.stringify({ type: "order", email: "besteller@example.org", subject: "Dachrinne", message: "Bitte liefern", total: 49.9 }),
    });
    expect(posted.status).toBe(200);
    const orders: Array<{ id: string; email: string }> = (await json("/api/v1/orders")).body.items;
    const order = orders.find((candidate) => candidate.email === "besteller@example.org")!;
    expect((await json(`/api/v1/orders/${order.id}/accept`, { method: "POST" })).status).toBe(200);
    const { mail } = await linkFor("besteller@example.org");
    expect(mail.subject).toBe("Ihre Bestellung");
    const dispatches = (await json(`/api/v1/surveys/${survey.id}/dispatches`)).body.items;
    expect(dispatches[0]).toMatchObject({ source: { kind: "trigger", event: "order.accepted", recordId: order.id }, invited: [{ email: "besteller@example.org", customerId: null }] });
  });

  it("refuses more participants than the documented maximum, naming the limit, and writes nothing", async () => {
    const survey = await createSurvey({ title: "Limit" });
    const participants = ["1", "2", "3", "4"].map((n) => ({ email: `limit${n}@example.org` }));
    const refused = await json(`/api/v1/surveys/${survey.id}/dispatches`, { method: "POST", json: { mode: "shared", participants } });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain("LEADPORT_SURVEY_MAX_PARTICIPANTS");
    expect(refused.body.errors[0].path).toBe("participants");
    expect((await json(`/api/v1/surveys/${survey.id}/dispatches`)).body.items).toEqual([]);
  });

  it("answers 404 for unknown ids and for another workspace's survey", async () => {
    const survey = await createSurvey({ title: "Meins" });
    expect((await json("/api/v1/surveys/nope")).status).toBe(404);
    expect((await json("/api/v1/dispatches/nope")).status).toBe(404);
    expect((await json("/api/v1/customers/nope/satisfaction")).status).toBe(404);
    expect((await json("/api/v1/participant-lists/nope/members", { method: "PATCH", json: { add: [] } })).status).toBe(404);
    expect((await json(`/api/v1/surveys/${survey.id}/dispatches`, { method: "POST", json: { mode: "personal", participants: [{ email: "x@example.org", customerId: "nope" }] } })).status).toBe(404);
    expect((await json("/api/v1/survey-triggers", { method: "POST", json: { event: "ticket.closed", surveyId: "nope" } })).status).toBe(404);
    expect((await json("/api/v1/survey-triggers", { method: "POST", json: { event: "ticket.opened", surveyId: survey.id } })).body.errors[0].path).toBe("event");
    expect(otherKey).toMatch(/^lp_live_/);
    expect((await json(`/api/v1/surveys/${survey.id}`, { key: otherKey })).status).toBe(404);
    expect((await json(`/api/v1/surveys/${survey.id}/results`, { key: otherKey })).status).toBe(404);
    expect((await json(`/api/v1/surveys/${survey.id}/dispatches`, { method: "POST", key: otherKey, json: { mode: "shared" } })).status).toBe(404);
  });
});

describe("the public survey pages' rate limit", () => {
  it("refuses an address beyond LEADPORT_SURVEY_RATE_PER_IP with a page and Retry-After", async () => {
    const server = await startTestServer({ LEADPORT_SURVEY_RATE_PER_IP: "2/m" });
    try {
      expect((await fetch(`${server.url}/s/unknown-token-0000000`)).status).toBe(404);
      expect((await fetch(`${server.url}/s/unknown-token-0000000`)).status).toBe(404);
      const limited = await fetch(`${server.url}/s/unknown-token-0000000`, { headers: { "Accept-Language": "en" } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await limited.text()).toContain("Too many requests");
    } finally {
      await server.stop();
    }
  });
});
