import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually } from "../support/smtp-sink.js";

/*
 * The whole path a new user sees, with nothing configured: a web order or ticket arrives through
 * the seed-compatible endpoint, the server's own dispatcher picks its event from the outbox, and
 * staff find the German notification in the app and as an .eml file in the data directory.
 */
describe("intake reaches staff through the outbox", () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer({ LEADPORT_OUTBOX_POLL_MS: "100" });
  });

  afterEach(async () => {
    await server.stop();
  });

  const addStaff = async (body: Record<string, unknown>): Promise<{ id: string }> => {
    const response = await server.request("/api/v1/staff", { method: "POST", json: body });
    expect(response.status).toBe(201);
    return response.json();
  };

  const mailFiles = (): string[] => {
    try {
      return readdirSync(join(server.dataDir, "mail")).filter((name) => name.endsWith(".eml"));
    } catch {
      return [];
    }
  };

  const notificationsOf = async (staffId: string): Promise<Array<{ title: string; body: string; link: string }>> => {
    const response = await server.request(`/api/v1/staff/${staffId}/notifications?unread=true`);
    expect(response.status).toBe(200);
    return (await response.json()).items;
  };

  it("a web order posted to lead.php becomes the seed's German notification, in the app and as an .eml file", async () => {
    const anna = await addStaff({ email: "anna@dachdecker.example", name: "Anna Schulz" });

    const posted = await fetch(`${server.url}/api/v1/lead.php`, {
      method: "POST",
      headers: { "X-API-KEY": server.key, "Content-Type": "application/json" },
      body: JSON.stringify({ type: "order", email: "kunde@example.org", subject: "Dachrinne", message: "", total: 49.9 }),
    });
    expect(posted.status).toBe(200);

    const inApp = await eventually(async () => {
      const items = await notificationsOf(anna.id);
      return items.length > 0 ? items : null;
    }, "the in-app order notification");
    expect(inApp).toHaveLength(1);
    expect(`${inApp[0]!.title} ${inApp[0]!.body}`).toContain("Eine Web-Bestellung über 49,90 € ist eingegangen.");
    expect(inApp[0]!.link).toMatch(/\/api\/v1\/orders\//);

    const [file] = await eventually(() => (mailFiles().length > 0 ? mailFiles() : null), "the .eml file");
    const eml = readFileSync(join(server.dataDir, "mail", file!), "utf8");
    expect(eml).toMatch(/^To: Anna Schulz <anna@dachdecker\.example>$/m);
    expect(eml).toMatch(/^Subject: =\?UTF-8\?Q\?Neue_Bestellung!/m);
    expect(eml).toContain("49,90 =E2=82=AC");
  });

  it("a ticket reaches only staff who want tickets", async () => {
    const ticketDesk = await addStaff({ email: "support@dachdecker.example", name: "Support", events: ["new_ticket"] });
    const salesOnly = await addStaff({ email: "sales@dachdecker.example", name: "Sales", events: ["new_inquiry"] });

    const posted = await fetch(`${server.url}/api/v1/lead?key=${server.key}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ type: "ticket", email: "max.mustermann@beispiel.de", message: "Bitte um Rückruf." }),
    });
    expect(posted.status).toBe(200);

    const inApp = await eventually(async () => {
      const items = await notificationsOf(ticketDesk.id);
      return items.length > 0 ? items : null;
    }, "the ticket notification");
    expect(inApp[0]!.link).toMatch(/\/api\/v1\/tickets\//);
    expect(`${inApp[0]!.title} ${inApp[0]!.body}`).toContain("Anfrage Webseite");
    expect(await notificationsOf(salesOnly.id)).toEqual([]);
  });
});
