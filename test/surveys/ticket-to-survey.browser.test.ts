import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually, startSmtpSink, type SmtpSink } from "../support/smtp-sink.js";

/*
 * The whole path of the issue, on a real server with a real SMTP server and Debian's Chromium:
 * a closed ticket leads, after a scheduler tick, to an invitation mail; the customer answers
 * through its link; the answer shows in the results and on the customer; a second closed ticket
 * within 30 days sends nothing and the quarantine is reported with the eligible date.
 */
const CHROMIUM = "/usr/bin/chromium";
const BROWSER_TIMEOUT = 120_000;
const DAY_MS = 24 * 60 * 60 * 1000;

describe("a closed ticket leads to a survey the customer answers in a browser", () => {
  let smtp: SmtpSink;
  let server: TestServer;
  let browser: Browser;

  /** Links in mails were fixed before the server knew its port: point them at it. */
  const onServer = (link: string) => {
    const url = new URL(link);
    return `${server.url}${url.pathname}${url.search}`;
  };
  const json = async (path: string, init?: Parameters<TestServer["request"]>[1]) => {
    const response = await server.request(path, init);
    return { status: response.status, body: await response.json() };
  };
  const postTicket = (email: string, message: string) =>
    fetch(`${server.url}/api/v1/lead.php`, {
      method: "POST",
      headers: { "X-API-KEY": server.key, "Content-Type": "application/json" },
      body: JSON.stringify({ type: "ticket", email, subject: "Frage", message }),
    });
  const closeLatestTicket = async (email: string) => {
    const tickets: Array<{ id: string; email: string; status: string }> = (await json("/api/v1/tickets")).body.items;
    const open = tickets.find((ticket) => ticket.email === email && ticket.status === "open")!;
    expect((await server.request(`/api/v1/tickets/${open.id}/close`, { method: "POST" })).status).toBe(200);
    return open.id;
  };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    server = await startTestServer({
      LEADPORT_SMTP_URL: smtp.url,
      LEADPORT_OUTBOX_POLL_MS: "50",
      LEADPORT_SURVEY_TICK_MS: "100",
      LEADPORT_MAIL_FROM: "Dachdecker Schulz <crm@dachdecker-schulz.de>",
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
  });

  it(
    "invites after the tick, takes the answer, shows it in results and on the customer, and quarantines the second ticket",
    async () => {
      expect((await json("/api/v1/staff", { method: "POST", json: { name: "Anna Schulz", email: "anna@dachdecker-schulz.de" } })).status).toBe(201);
      const survey = (await json("/api/v1/surveys", { method: "POST", json: { title: "Wie zufrieden waren Sie mit unserem Service?" } })).body;
      expect(survey.questions.map((q: { kind: string }) => q.kind)).toEqual(["rating", "nps", "text"]);
      expect(survey.quarantine).toEqual({ days: 30, acrossSurveys: false });
      expect((await json("/api/v1/survey-triggers", { method: "POST", json: { event: "ticket.closed", surveyId: survey.id } })).status).toBe(201);

      const inquiry = (
        await json("/api/v1/inquiries", {
          method: "POST",
          json: { title: "Dachrinne", contact: { name: "Karla Kunde", email: "karla@example.org" }, assignee: "anna@dachdecker-schulz.de" },
        })
      ).body;
      const customerId: string = inquiry.customerId;
      expect((await postTicket("karla@example.org", "Die Rinne tropft.")).status).toBe(200);
      await closeLatestTicket("karla@example.org");

      const invitation = await eventually(() => smtp.received.find((mail) => mail.to.includes("karla@example.org")) ?? null, "the invitation mail");
      expect(invitation.subject).toBe("Wie zufrieden waren Sie mit unserem Service?");
      expect(invitation.text).toContain("Hallo Karla Kunde,");
      expect(invitation.messageId).toMatch(/^<survey\..+\.invitation@dachdecker-schulz\.de>$/);
      const link = /Zur Umfrage: (\S+)/.exec(invitation.text)?.[1];
      expect(link).toMatch(/\/s\/[A-Za-z0-9_-]{16,}$/);

      const page = await browser.newPage();
      const opened = await page.goto(onServer(link!));
      expect(opened?.status()).toBe(200);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Wie zufrieden waren Sie mit unserem Service?");
      expect(await page.textContent("body")).toContain("Hallo Karla Kunde");

      // Sent without the required rating: the form comes back with the message beside the question.
      await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Antwort senden" }).click()]);
      await expect.poll(() => page.locator("#zufriedenheit-error").textContent()).toBe("Bitte beantworten Sie diese Frage.");
      expect(await page.getByRole("alert").textContent()).toContain("Wie zufrieden waren Sie insgesamt?");

      await page.getByRole("radiogroup", { name: /Wie zufrieden waren Sie insgesamt\?/ }).getByLabel("1", { exact: true }).check();
      await page.getByRole("radiogroup", { name: /weiterempfehlen/ }).getByLabel("3", { exact: true }).check();
      await page.getByLabel("Möchten Sie uns noch etwas mitteilen?").fill("Niemand hat zurückgerufen.");
      await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Antwort senden" }).click()]);
      await expect.poll(() => page.getByRole("status").textContent()).toBe("Ihre Antwort wurde gespeichert.");
      await page.close();

      const results = (await json(`/api/v1/surveys/${survey.id}/results`)).body;
      expect(results).toMatchObject({ sent: 1, answered: 1, responseRate: 1 });
      expect(results.questions[0]).toMatchObject({ questionId: "zufriedenheit", average: 1, distribution: { "1": 1, "5": 0 } });
      expect(results.questions[1].nps).toEqual({ score: -100, promoters: 0, passives: 0, detractors: 1 });

      const satisfaction = (await json(`/api/v1/customers/${customerId}/satisfaction`)).body;
      expect(satisfaction.latest).toMatchObject({ surveyId: survey.id, rating: 1, recommendation: 3, level: "very_unsatisfied", churnRisk: true });

      // The owner of the customer (the inquiry's assignee) hears of the churn risk.
      const churn = await eventually(() => smtp.received.find((mail) => mail.to.includes("anna@dachdecker-schulz.de") && mail.subject.startsWith("Abwanderungsrisiko")) ?? null, "the churn-risk mail");
      expect(churn.text).toContain("Niemand hat zurückgerufen.");

      // A second ticket within 30 days: nothing is sent, and the dispatch says why and until when.
      const firstSentAt = Date.parse((await json(`/api/v1/surveys/${survey.id}/dispatches`)).body.items[0].invited[0].sentAt);
      expect((await postTicket("karla@example.org", "Und jetzt tropft es wieder.")).status).toBe(200);
      await closeLatestTicket("karla@example.org");
      const dispatches = await eventually(async () => {
        const items = (await json(`/api/v1/surveys/${survey.id}/dispatches`)).body.items;
        return items.length === 2 ? items : null;
      }, "the second dispatch");
      expect(dispatches[0].invited).toEqual([]);
      expect(dispatches[0].skipped).toEqual([
        expect.objectContaining({ email: "karla@example.org", customerId, reason: "quarantine", eligibleFrom: new Date(firstSentAt + 30 * DAY_MS).toISOString() }),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(smtp.received.filter((mail) => mail.to.includes("karla@example.org"))).toHaveLength(1);
    },
    BROWSER_TIMEOUT,
  );
});
