import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runLeadport } from "../support/cli.js";
import { addOutboxEvent } from "../support/outbox.js";

/** A port nothing listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("notifications from the leadport binary", () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  // A database of its own for every test: each one runs alone as well as in order.
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "leadport-notify-cli-"));
    env = { LEADPORT_DATA_DIR: dataDir };
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  /** Runs a command a test only needs for its starting point, stopping the test if it fails. */
  async function given(...args: string[]): Promise<void> {
    const run = await runLeadport(args, env);
    if (run.code !== 0) throw new Error(`leadport ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
  }

  /** The default workspace with one member of staff who gets every mail. */
  async function givenAnnaAsStaff(): Promise<void> {
    await given("workspaces", "create", "default");
    await given("staff", "add", "--email", "Anna@Firma.de", "--name", "Anna Schulz", "--role", "owner");
  }

  it("adds, lists and removes staff, refusing bad input with a message", async () => {
    expect((await runLeadport(["workspaces", "create", "default"], env)).code).toBe(0);
    const added = await runLeadport(["staff", "add", "--email", "Anna@Firma.de", "--name", "Anna Schulz", "--role", "owner"], env);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("Anna Schulz <anna@firma.de>");
    const quiet = await runLeadport(["staff", "add", "--email", "ben@firma.de", "--name", "Ben", "--no-email", "--events", "new_order", "new_ticket"], env);
    expect(quiet.code).toBe(0);

    const list = JSON.parse((await runLeadport(["staff", "list", "--json"], env)).stdout);
    expect(list.map((m: { email: string; emailEnabled: boolean; events: string[] }) => [m.email, m.emailEnabled, m.events])).toEqual([
      ["anna@firma.de", true, ["new_inquiry", "new_order", "new_ticket", "assigned_to_me", "survey_feedback"]],
      ["ben@firma.de", false, ["new_order", "new_ticket"]],
    ]);

    const badEvent = await runLeadport(["staff", "add", "--email", "c@firma.de", "--name", "C", "--events", "everything"], env);
    expect(badEvent.code).toBe(2);
    expect(badEvent.stderr).toContain("unknown event(s) everything");
    const badEmail = await runLeadport(["staff", "add", "--email", "nope", "--name", "C"], env);
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toContain("email");
    const duplicate = await runLeadport(["staff", "add", "--email", "anna@firma.de", "--name", "Anna"], env);
    expect(duplicate.code).toBe(1);

    expect((await runLeadport(["staff", "remove", "ben@firma.de"], env)).code).toBe(0);
    expect((await runLeadport(["staff", "remove", "ben@firma.de"], env)).code).toBe(1);
  });

  it("writes the German notification as an .eml file when no SMTP server is configured", async () => {
    await givenAnnaAsStaff();
    await addOutboxEvent(dataDir, "default", "OrderReceived", "order-1", {
      order: { id: "order-1", email: "kunde@example.org", subject: "Dachrinne", totalCents: 4990, customerId: null },
    });
    const run = await runLeadport(["outbox", "run"], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Outbox pass: 2 done, 0 to retry, 0 failed.");
    const files = readdirSync(join(dataDir, "mail")).filter((name) => name.endsWith(".eml"));
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(dataDir, "mail", files[0]!), "utf8");
    expect(eml).toMatch(/^To: Anna Schulz <anna@firma\.de>$/m);
    expect(eml).toMatch(/^Subject: =\?UTF-8\?Q\?Neue_Bestellung!/m);
    expect(eml).toContain("Content-Type: text/html");
    expect(eml).toContain("49,90 =E2=82=AC");
  });

  it("dead-letters a mail the server refuses, lists it, and delivers it after a retry", async () => {
    // One mail already delivered as .eml beforehand.
    await givenAnnaAsStaff();
    await addOutboxEvent(dataDir, "default", "OrderReceived", "order-1", {
      order: { id: "order-1", email: "kunde@example.org", subject: "Dachrinne", totalCents: 4990, customerId: null },
    });
    await given("outbox", "run");
    const broken = { ...env, LEADPORT_SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`, LEADPORT_OUTBOX_MAX_ATTEMPTS: "1" };
    await addOutboxEvent(dataDir, "default", "OrderReceived", "order-2", { order: { id: "order-2", email: null, subject: null, totalCents: 100, customerId: null } });
    const run = await runLeadport(["outbox", "run"], broken);
    expect(run.stdout).toContain("Outbox pass: 1 done, 0 to retry, 1 failed.");

    const failed = await runLeadport(["outbox", "list", "--failed"], env);
    expect(failed.stdout).toMatch(/StaffMailRequested {2}failed {2}attempts 1 .*last error: send-staff-mail: .*ECONNREFUSED/);
    const [dead] = JSON.parse((await runLeadport(["outbox", "list", "--failed", "--json"], env)).stdout) as Array<{ id: string }>;

    expect((await runLeadport(["outbox", "retry"], env)).code).toBe(2);
    const retried = await runLeadport(["outbox", "retry", dead!.id], env);
    expect(retried.stdout).toContain(`Requeued ${dead!.id} (StaffMailRequested).`);
    expect((await runLeadport(["outbox", "retry", dead!.id], env)).code).toBe(1);
    expect((await runLeadport(["outbox", "retry", "--all-failed"], env)).stdout).toContain("Requeued 0 failed message(s).");
    expect((await runLeadport(["outbox", "run"], env)).stdout).toContain("Outbox pass: 1 done");
    expect((await runLeadport(["outbox", "list", "--failed"], env)).stdout).toContain("No failed outbox messages.");
    expect(readdirSync(join(dataDir, "mail")).filter((name) => name.endsWith(".eml"))).toHaveLength(2);
  });

  it("creates English workspaces and switches a workspace's locale", async () => {
    expect((await runLeadport(["workspaces", "create", "roofing-ltd", "--locale", "en"], env)).code).toBe(0);
    const bad = await runLeadport(["workspaces", "create", "x-ltd", "--locale", "fr"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("locale: must be one of de, en");
    expect((await runLeadport(["workspaces", "set-locale", "roofing-ltd", "de"], env)).stdout).toContain("now uses locale de");
    const list = JSON.parse((await runLeadport(["workspaces", "list", "--json"], env)).stdout) as Array<{ name: string; locale: string }>;
    expect(list.find((w) => w.name === "roofing-ltd")?.locale).toBe("de");
  });
});
