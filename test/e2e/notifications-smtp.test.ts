import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { addOutboxEvent, outboxCount } from "../support/outbox.js";
import { eventually, startSmtpSink, type SmtpSink } from "../support/smtp-sink.js";

const fastOutbox = {
  LEADPORT_OUTBOX_POLL_MS: "50",
  LEADPORT_OUTBOX_BACKOFF_MS: "100",
  LEADPORT_OUTBOX_MAX_BACKOFF_MS: "400",
  LEADPORT_OUTBOX_MAX_ATTEMPTS: "1000",
  LEADPORT_MAIL_FROM: "Dachdecker Schulz <crm@dachdecker-schulz.de>",
};

describe("staff mail over a real SMTP server", () => {
  let smtp: SmtpSink;
  let server: TestServer;

  beforeEach(async () => {
    smtp = await startSmtpSink();
    server = await startTestServer({ ...fastOutbox, LEADPORT_SMTP_URL: smtp.url });
  });

  afterEach(async () => {
    await server.stop();
    await smtp.stop();
  });

  const addStaff = async (body: Record<string, unknown>) => {
    const response = await server.request("/api/v1/staff", { method: "POST", json: body });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string };
  };

  it("mails a web order to the staff in German, with a text and an HTML part", async () => {
    await addStaff({ name: "Anna Schulz", email: "anna@dachdecker-schulz.de" });
    await addStaff({ name: "Ben Schulz", email: "ben@dachdecker-schulz.de", events: ["new_order"] });
    await addStaff({ name: "Nur App", email: "app@dachdecker-schulz.de", emailEnabled: false });
    await addOutboxEvent(server.dataDir, "default", "OrderReceived", "order-1", {
      order: { id: "order-1", email: "kunde@example.org", subject: "Dachrinne <Zink>", totalCents: 4990, customerId: null },
    });

    await eventually(() => smtp.received.length === 2, "two mails");
    const byRecipient = new Map(smtp.received.map((mail) => [mail.to.join(","), mail]));
    expect([...byRecipient.keys()].sort()).toEqual(["anna@dachdecker-schulz.de", "ben@dachdecker-schulz.de"]);
    const mail = byRecipient.get("anna@dachdecker-schulz.de")!;
    expect(mail.from).toBe("crm@dachdecker-schulz.de");
    expect(mail.subject).toBe("Neue Bestellung! Eine Web-Bestellung über 49,90 € ist eingegangen.");
    expect(mail.messageId).toMatch(/^<.+@dachdecker-schulz\.de>$/);
    expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(mail.text).toContain("Hallo Anna Schulz,");
    expect(mail.text).toContain("Betreff: Dachrinne <Zink>");
    expect(mail.html).toContain("49,90 €");
    expect(mail.html).toContain("Dachrinne &lt;Zink&gt;");
  });

  it("mails a new inquiry with what staff need to call back, naming the contact once in the subject", async () => {
    await addStaff({ name: "Anna Schulz", email: "anna@dachdecker-schulz.de" });
    const created = await server.request("/api/v1/inquiries", {
      method: "POST",
      json: {
        contact: { name: "Otto Normal", email: "otto@example.org", phone: "0511 / 4711-0" },
        address: { street: "Lindenweg 3", zipcode: "30449", city: "Hannover" },
        notes: "Dach undicht <bitte schnell>",
        urgency: "urgent",
        desiredStartDate: "2026-12-14",
        expectedValue: 12500,
      },
    });
    expect(created.status).toBe(201);
    const inquiry = await created.json();

    await eventually(() => smtp.received.length === 1, "the mail");
    const mail = smtp.received[0]!;
    expect(mail.subject).toBe("Neue Anfrage: Anfrage von Otto Normal");
    for (const line of [
      "Kunde: Otto Normal",
      "Telefon: 0511 / 4711-0",
      "E-Mail: otto@example.org",
      "Adresse: Lindenweg 3, 30449 Hannover",
      "Nachricht: Dach undicht <bitte schnell>",
      "Dringlichkeit: dringend",
      "Wunschtermin: 14.12.2026",
      "Wert: 12.500,00 €",
      `Lead-Score: ${inquiry.leadScore} von 100 (`,
      "Warum: Name, E-Mail, Telefon und Adresse bekannt (+20 Punkte); Auftragswert 12.500 € (volle Punkte ab 100.000 €) (+16 Punkte); Dringlichkeit dringend (+15 Punkte)",
    ]) {
      expect(mail.text).toContain(line);
    }
    expect(mail.text).toMatch(/Lead-Score: \d+ von 100 \((heiß|warm|kalt)\)/);
    expect(mail.text).not.toMatch(/weighs|known:|\d\.\d Punkte/);
    expect(mail.text).toMatch(new RegExp(`Öffnen: http://\\S+/app/inquiries/${inquiry.id}\\?t=rl1\\.`));
    expect(mail.html).toContain('<a href="tel:051147110">0511 / 4711-0</a>');
    expect(mail.html).toContain('<a href="mailto:otto@example.org">otto@example.org</a>');
    expect(mail.html).toContain("Dach undicht &lt;bitte schnell&gt;");
  });

  it("accepts 50 inquiries while SMTP is down, mails none, then each exactly once when it is back", async () => {
    await addStaff({ name: "Anna Schulz", email: "anna@dachdecker-schulz.de" });
    smtp.down = true;
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      const response = await server.request("/api/v1/inquiries", {
        method: "POST",
        json: { title: `Anfrage ${i}`, contact: { name: `Kunde ${i}`, email: `kunde${i}@example.org` }, expectedValue: 1000 + i },
      });
      statuses.push(response.status);
    }
    expect(statuses.every((status) => status === 201)).toBe(true);

    await eventually(async () => (await outboxCount(server.dataDir, "type = 'StaffMailRequested'")) === 50, "50 mails queued");
    await eventually(
      async () => (await outboxCount(server.dataDir, "type = 'StaffMailRequested' AND attempts >= 1 AND last_error IS NOT NULL")) === 50,
      "every mail to have failed at least once",
    );
    expect(smtp.received).toEqual([]);

    smtp.down = false;
    await eventually(() => smtp.countByMessageId().size === 50, "50 distinct mails", 60_000);
    await eventually(async () => (await outboxCount(server.dataDir, "status != 'done'")) === 0, "an empty outbox");
    expect(smtp.received).toHaveLength(50);
    expect([...smtp.countByMessageId().values()].every((count) => count === 1)).toBe(true);
    expect(new Set(smtp.received.map((mail) => mail.subject)).size).toBe(50);
  });
});
