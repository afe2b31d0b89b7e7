import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually, startSmtpSink, type SmtpSink } from "../support/smtp-sink.js";

/*
 * A member of staff gets a notification and acts from the page behind its link, in Debian's
 * Chromium: no API key in the browser, only the signed link. CI installs /usr/bin/chromium.
 */
const CHROMIUM = "/usr/bin/chromium";
const BROWSER_TIMEOUT = 120_000;

describe("the page behind a notification link, in a real browser", () => {
  let smtp: SmtpSink;
  let server: TestServer;
  let browser: Browser;
  let anna: { id: string };

  /** The server listens on a port chosen at start, after the links' base was fixed: point them at it. */
  const onServer = (link: string) => {
    const url = new URL(link);
    return `${server.url}${url.pathname}${url.search}`;
  };

  const json = async (path: string) => (await server.request(path)).json();

  const pageUrlOf = async (staffId: string, kind: string): Promise<string> =>
    eventually(async () => {
      const items: Array<{ kind: string; pageUrl: string | null }> = (await json(`/api/v1/staff/${staffId}/notifications`)).items;
      return items.find((item) => item.kind === kind)?.pageUrl ?? null;
    }, `the ${kind} notification`);

  beforeAll(async () => {
    smtp = await startSmtpSink();
    server = await startTestServer({ LEADPORT_SMTP_URL: smtp.url, LEADPORT_OUTBOX_POLL_MS: "50" });
    anna = await (await server.request("/api/v1/staff", { method: "POST", json: { name: "Anna Schulz", email: "anna@dachdecker.example" } })).json();
    await server.request("/api/v1/staff", { method: "POST", json: { name: "Ben Kraus", email: "ben@dachdecker.example", emailEnabled: false } });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
  });

  it(
    "opens an inquiry from the mail's link, changes its status and assignee, adds a comment; the API shows it all",
    async () => {
      const created = await server.request("/api/v1/inquiries", {
        method: "POST",
        json: { contact: { name: "Otto Normal", email: "otto@example.org", phone: "0511 4711" }, notes: "Dach undicht" },
      });
      const inquiry = await created.json();
      const mail = await eventually(() => smtp.received.find((m) => m.to.includes("anna@dachdecker.example")) ?? null, "Anna's mail");
      const link = /Öffnen: (\S+)/.exec(mail.text)?.[1];
      expect(link).toMatch(new RegExp(`/app/inquiries/${inquiry.id}\\?t=rl1\\.`));

      const page = await browser.newPage();
      const response = await page.goto(onServer(link!));
      expect(response?.status()).toBe(200);
      expect(response?.headers()["content-type"]).toContain("text/html");
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Anfrage: Anfrage von Otto Normal");
      expect(await page.getByRole("link", { name: "0511 4711" }).getAttribute("href")).toBe("tel:05114711");
      expect(await page.getByRole("link", { name: "otto@example.org" }).getAttribute("href")).toBe("mailto:otto@example.org");
      expect(await page.textContent("body")).toContain("Geöffnet als Anna Schulz");

      await page.getByLabel("Status ändern").selectOption("In Bearbeitung");
      await Promise.all([page.waitForURL(/done=status/), page.getByRole("button", { name: "Speichern" }).first().click()]);
      expect(await page.getByRole("status").textContent()).toBe("Der Status wurde geändert.");

      await page.getByLabel("Zuständigkeit ändern").selectOption("ben@dachdecker.example");
      await Promise.all([page.waitForURL(/done=assignee/), page.getByRole("button", { name: "Speichern" }).nth(1).click()]);
      expect(await page.getByRole("status").textContent()).toBe("Die Zuständigkeit wurde geändert.");

      await page.getByLabel("Kommentar hinzufügen").fill("Rückruf für Donnerstag vereinbart");
      await Promise.all([page.waitForURL(/done=comment/), page.getByRole("button", { name: "Speichern" }).nth(2).click()]);
      expect(await page.getByRole("status").textContent()).toBe("Der Kommentar wurde gespeichert.");
      expect(await page.textContent("body")).toContain("Rückruf für Donnerstag vereinbart");

      const after = await json(`/api/v1/inquiries/${inquiry.id}`);
      expect(after).toMatchObject({ status: "In Bearbeitung", assignee: "ben@dachdecker.example" });
      const by = "Anna Schulz <anna@dachdecker.example>";
      expect(after.logbook.map((entry: { author: string; text: string }) => [entry.author, entry.text])).toEqual([
        [by, "Status: Neu → In Bearbeitung"],
        [by, "Zuständig: niemand → ben@dachdecker.example"],
        [by, "Rückruf für Donnerstag vereinbart"],
      ]);
      await page.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "accepts a web order and closes a ticket from the in-app notification's page",
    async () => {
      const post = (body: Record<string, unknown>) =>
        fetch(`${server.url}/api/v1/lead.php`, {
          method: "POST",
          headers: { "X-API-KEY": server.key, "Content-Type": "application/json" },
          body: JSON.stringify(body),
        });
      expect((await post({ type: "order", email: "kunde@example.org", subject: "Dachrinne", message: "Bitte liefern", total: 49.9 })).status).toBe(200);
      expect((await post({ type: "ticket", email: "frage@example.org", subject: "Rückfrage", message: "Wann kommen Sie?" })).status).toBe(200);

      const page = await browser.newPage();
      const orderUrl = await pageUrlOf(anna.id, "order_received");
      await page.goto(onServer(orderUrl));
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Web-Bestellung: Dachrinne");
      await Promise.all([page.waitForURL(/done=accept/), page.getByRole("button", { name: "Annehmen" }).click()]);
      expect(await page.getByRole("status").textContent()).toBe("Die Bestellung wurde angenommen.");
      const orderId = /\/app\/orders\/([^?]+)/.exec(orderUrl)![1]!;
      expect((await json(`/api/v1/orders/${orderId}`)).status).toBe("accepted");

      const ticketUrl = await pageUrlOf(anna.id, "ticket_created");
      await page.goto(onServer(ticketUrl));
      await Promise.all([page.waitForURL(/done=close/), page.getByRole("button", { name: "Ticket schließen" }).click()]);
      expect(await page.getByRole("status").textContent()).toBe("Das Ticket wurde geschlossen.");
      const ticketId = /\/app\/tickets\/([^?]+)/.exec(ticketUrl)![1]!;
      expect((await json(`/api/v1/tickets/${ticketId}`)).status).toBe("closed");
      await page.close();
    },
    BROWSER_TIMEOUT,
  );
});
