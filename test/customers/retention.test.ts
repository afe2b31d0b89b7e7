import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { createLeadport, type Leadport } from "../../src/hosts/library.js";
import { runLeadport } from "../support/cli.js";
import { eventually } from "../support/smtp-sink.js";
import { startTestServer } from "../support/server.js";
import { libraryDatabase } from "../support/test-database.js";

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};
const DAY = 86_400_000;

async function deliver(lp: Leadport) {
  for (let pass = 0; pass < 10; pass++) {
    const report = must(await lp.outbox.runOnce());
    if (report.done + report.retrying + report.failed === 0) return;
  }
}

const emlFiles = (dataDir: string) => (existsSync(join(dataDir, "mail")) ? readdirSync(join(dataDir, "mail")).filter((f) => f.endsWith(".eml")) : []);

describe("retention", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("deletes what is past its period by the injected clock: delivered events and mails by default, lost inquiries and closed tickets when set", async () => {
    const root = mkdtempSync(join(tmpdir(), "leadport-retention-"));
    dir = root;
    const clock = new ManualClock(new Date("2026-01-15T09:00:00.000Z"));
    const lp = await createLeadport({ ...libraryDatabase(join(root, "leadport.db")), dataDir: dir, clock, mail: { directory: join(root, "mail") } });
    must(await lp.staff.add({ name: "Lea", email: "lea@example.com" }));
    const lost = must(await lp.inquiries.create({ title: "Verloren", contact: { email: "lost@example.org" } })).inquiry;
    const file = join(root, "attachments", lp.workspace.id, must(await lp.attachments.add(lost.id, { filename: "a.txt", content: Buffer.from("x") })).id);
    must(await lp.inquiries.update(lost.id, { status: "Verloren" }));
    const open = must(await lp.inquiries.create({ title: "Offen", contact: { email: "busy@example.org" } })).inquiry;
    const ticket = must(await lp.webLeads.submit({ type: "ticket", email: "busy@example.org", message: "Frage" }));
    must(await lp.tickets.close(ticket.id));
    await deliver(lp);
    expect(emlFiles(root).length).toBe(3);
    expect(existsSync(file)).toBe(true);

    clock.advance(29 * DAY);
    expect(must(await lp.retention.run())).toMatchObject({ outboxEvents: 0, mails: 0 });
    clock.advance(2 * DAY);
    const defaults = must(await lp.retention.run());
    expect(defaults.outboxEvents).toBeGreaterThanOrEqual(6);
    expect(defaults).toMatchObject({ mails: 3, closedTickets: [], lostInquiries: [], customers: [] });
    expect(emlFiles(root)).toEqual([]);
    expect(must(await lp.outbox.list({ status: "done", limit: 100 })).filter((m) => m.type !== "RetentionApplied")).toEqual([]);

    expect(must(await lp.retention.set({ closedTicketsMonths: 12, lostInquiriesMonths: 6 }))).toEqual({
      closedTicketsMonths: 12,
      lostInquiriesMonths: 6,
      deliveredEventsDays: 30,
      surveyResponsesDays: null,
    });
    expect(await lp.retention.set({ closedTicketsMonths: 0 })).toMatchObject({ ok: false, error: { issues: [{ path: "closedTicketsMonths" }] } });

    clock.set(new Date("2026-07-16T09:00:00.000Z"));
    const dry = must(await lp.retention.run({ dryRun: true }));
    expect(dry).toMatchObject({ dryRun: true, lostInquiries: [lost.id], closedTickets: [], customers: [lost.customerId] });
    expect(must(await lp.inquiries.get(lost.id)).id).toBe(lost.id);

    const applied = must(await lp.retention.run());
    expect(applied).toMatchObject({ dryRun: false, lostInquiries: [lost.id], customers: [lost.customerId] });
    expect(await lp.inquiries.get(lost.id)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await lp.customers.get(lost.customerId)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(existsSync(file)).toBe(false);

    clock.set(new Date("2027-01-16T09:00:00.000Z"));
    const tickets = must(await lp.retention.run());
    expect(tickets).toMatchObject({ closedTickets: [ticket.id], customers: [] });
    expect(must(await lp.customers.get(open.customerId)).inquiries).toHaveLength(1);
    expect(must(await lp.retention.run())).toMatchObject({ closedTickets: [], lostInquiries: [], outboxEvents: 0 });
    await lp.close();

    const cli = await runLeadport(["retention", "run", "--dry-run"], { LEADPORT_DATA_DIR: root });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain("Workspace default would delete: 0 closed tickets, 0 lost inquiries");
    const shown = await runLeadport(["retention", "set", "default", "--delivered-events-days", "keep", "--json"], { LEADPORT_DATA_DIR: root });
    expect(JSON.parse(shown.stdout)).toMatchObject({ deliveredEventsDays: null, closedTicketsMonths: 12 });
    const bad = await runLeadport(["retention", "set", "default", "--closed-tickets-months", "-1"], { LEADPORT_DATA_DIR: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--closed-tickets-months must be a whole number");
    const surveys = await runLeadport(["retention", "set", "default", "--survey-responses-days", "90"], { LEADPORT_DATA_DIR: root });
    expect(surveys.stdout).toMatch(/survey-responses-days\s+90 days/);
    const badSurveys = await runLeadport(["retention", "set", "default", "--survey-responses-days", "0"], { LEADPORT_DATA_DIR: root });
    expect(badSurveys.stderr).toContain("--survey-responses-days must be a whole number");
  });

  it("runs in the server on a timer and stops with it", async () => {
    const clock = new ManualClock(new Date("2026-01-15T09:00:00.000Z"));
    const server = await startTestServer({ LEADPORT_OUTBOX_POLL_MS: "50" }, { clock, retention: { firstRunMs: 50, intervalMs: 100 } });
    try {
      await server.request("/api/v1/staff", { method: "POST", json: { name: "Lea", email: "lea@example.com" } });
      await server.request("/api/v1/inquiries", { method: "POST", json: { contact: { email: "timer@example.org" } } });
      await eventually(() => emlFiles(server.dataDir).length === 1, "the staff mail as an .eml file");
      clock.advance(31 * DAY);
      await eventually(() => emlFiles(server.dataDir).length === 0, "retention to delete the delivered mail");
    } finally {
      await server.stop();
    }
  });
});
