import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "../../src/application/ports/clock.js";
import { createLeadport } from "../../src/hosts/library.js";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.js";
import { libraryDatabase } from "../support/test-database.js";

/*
 * Reminders and erasure through the library, with the clock in the test's hand, on both storage
 * adapters: the scheduler tick and the outbox are driven by the test (`surveys.tick`, `outbox.runOnce`).
 */
const DAY_MS = 24 * 60 * 60 * 1000;

class TestClock implements Clock {
  constructor(private at: number) {}
  now(): Date {
    return new Date(this.at);
  }
  advanceDays(days: number): void {
    this.at += days * DAY_MS;
  }
}

const databases: Array<[string, (dir: string) => string]> = [
  ["memory", () => "memory"],
  ["sqlite", (dir) => join(dir, "leadport.db")],
];

describe.each(databases)("surveys in the library on %s", (_name, database) => {
  let smtp: SmtpSink;
  let dir: string;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    dir = mkdtempSync(join(tmpdir(), "leadport-surveys-"));
  });
  afterAll(async () => {
    await smtp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (clock: Clock) => createLeadport({ ...libraryDatabase(database(mkdtempSync(join(dir, "db-")))), clock, mail: { smtpUrl: smtp.url }, dataDir: dir });
  const mailsTo = (email: string) => smtp.received.filter((mail) => mail.to.includes(email));
  const tokenOf = (text: string) => /\/s\/([A-Za-z0-9_-]+)/.exec(text)![1]!;

  it("reminds personal participants after the plan's days, at most its count, never after an answer and never in a shared dispatch", async () => {
    const clock = new TestClock(Date.parse("2026-03-02T08:00:00Z"));
    const lp = await open(clock);
    try {
      const survey = await lp.surveys.create({ title: "Beratung", reminders: { afterDays: 7, maxReminders: 2 }, quarantine: { days: 0 } });
      if (!survey.ok) throw new Error(survey.error.message);
      const tag = `${_name}-remind`;
      const personal = await lp.surveys.dispatch(survey.value.id, { mode: "personal", participants: [{ email: `p1-${tag}@example.org` }, { email: `p2-${tag}@example.org` }] });
      expect(personal.ok && personal.value.dispatches).toHaveLength(2);
      await lp.surveys.dispatch(survey.value.id, { mode: "shared", participants: [{ email: `s-${tag}@example.org` }] });

      expect(await lp.surveys.tick()).toEqual({ ok: true, value: { invited: 3, reminded: 0, quarantined: 0, expired: 0 } });
      await lp.outbox.runOnce();
      const answered = await lp.surveys.answer(tokenOf(mailsTo(`p2-${tag}@example.org`)[0]!.text), { zufriedenheit: "4" });
      expect(answered.ok).toBe(true);

      clock.advanceDays(6);
      expect((await lp.surveys.tick()).ok && (await lp.surveys.tick())).toMatchObject({ value: { reminded: 0 } });
      for (const expected of [1, 1, 0]) {
        clock.advanceDays(7);
        const tick = await lp.surveys.tick();
        expect(tick.ok && tick.value.reminded).toBe(expected);
      }
      await lp.outbox.runOnce();
      expect(mailsTo(`p1-${tag}@example.org`).map((mail) => mail.subject)).toEqual(["Beratung", "Erinnerung: Beratung", "Erinnerung: Beratung"]);
      expect(mailsTo(`p2-${tag}@example.org`)).toHaveLength(1);
      expect(mailsTo(`s-${tag}@example.org`)).toHaveLength(1);
    } finally {
      await lp.close();
    }
  });

  it("starts a personal dispatch to the customer when an inquiry is won, once per event, with the assignee as {{agent}}", async () => {
    const clock = new TestClock(Date.parse("2026-05-04T08:00:00Z"));
    const lp = await open(clock);
    try {
      const email = `won-${_name}@example.org`;
      expect((await lp.staff.add({ name: "Anna Schulz", email: `anna-${_name}@example.org`, emailEnabled: false })).ok).toBe(true);
      const survey = await lp.surveys.create({ title: "Auftrag", invitationText: "Wie war die Beratung durch {{agent}}?" });
      if (!survey.ok) throw new Error(survey.error.message);
      expect((await lp.surveys.triggers.create({ event: "inquiry.won", surveyId: survey.value.id, delayMinutes: 60 })).ok).toBe(true);
      const inquiry = await lp.inquiries.create({ contact: { name: "Willi Won", email }, assignee: `anna-${_name}@example.org` });
      if (!inquiry.ok) throw new Error(inquiry.error.message);
      expect((await lp.inquiries.update(inquiry.value.inquiry.id, { status: "Gewonnen" })).ok).toBe(true);
      await lp.outbox.runOnce();
      await lp.outbox.runOnce();
      const dispatches = await lp.surveys.dispatches(survey.value.id);
      expect(dispatches.ok && dispatches.value).toEqual([
        expect.objectContaining({ mode: "personal", source: expect.objectContaining({ kind: "trigger", event: "inquiry.won", recordId: inquiry.value.inquiry.id }) }),
      ]);
      expect(dispatches.ok && dispatches.value[0]!.invited[0]).toMatchObject({ email, name: "Willi Won", customerId: inquiry.value.inquiry.customerId, variables: { agent: "Anna Schulz" } });
      expect((await lp.surveys.tick()).ok && (await lp.surveys.tick())).toMatchObject({ value: { invited: 0 } });
      clock.advanceDays(1);
      expect(await lp.surveys.tick()).toMatchObject({ value: { invited: 1 } });
      await lp.outbox.runOnce();
      expect(mailsTo(email)[0]!.text).toContain("Wie war die Beratung durch Anna Schulz?");
    } finally {
      await lp.close();
    }
  });

  it("erases a customer's invitations, answers and list entries with the customer; results count what remains", async () => {
    const clock = new TestClock(Date.parse("2026-04-01T08:00:00Z"));
    const lp = await open(clock);
    try {
      const email = `erika-${_name}@example.org`;
      const inquiry = await lp.inquiries.create({ contact: { name: "Erika Muster", email } });
      if (!inquiry.ok) throw new Error(inquiry.error.message);
      const customerId = inquiry.value.inquiry.customerId;
      const survey = await lp.surveys.create({ title: "Löschen" });
      if (!survey.ok) throw new Error(survey.error.message);
      await lp.surveys.lists.replace("kunden", { members: [{ email }, { email: `other-${_name}@example.org` }] });
      const sent = await lp.surveys.dispatch(survey.value.id, { mode: "shared", participants: [{ email }, { email: `keep-${_name}@example.org` }] });
      expect(sent.ok && sent.value.invited[0]!.customerId).toBe(customerId);
      await lp.surveys.tick();
      await lp.outbox.runOnce();
      expect((await lp.surveys.answer(tokenOf(mailsTo(email)[0]!.text), { zufriedenheit: "1" })).ok).toBe(true);
      expect(await lp.surveys.satisfaction(customerId)).toMatchObject({ ok: true, value: { latest: { level: "very_unsatisfied" } } });

      expect((await lp.customers.erase(customerId)).ok).toBe(true);
      await lp.outbox.runOnce();

      const results = await lp.surveys.results(survey.value.id);
      expect(results.ok && results.value).toMatchObject({ sent: 1, answered: 0 });
      const dispatch = await lp.surveys.getDispatch(sent.ok ? sent.value.dispatches[0]!.id : "");
      expect(dispatch.ok && dispatch.value.invited.map((i) => i.email)).toEqual([`keep-${_name}@example.org`]);
      const list = await lp.surveys.lists.get("kunden");
      expect(list.ok && list.value.members.map((m) => m.email)).toEqual([`other-${_name}@example.org`]);
      expect(await lp.surveys.satisfaction(customerId)).toMatchObject({ ok: false, error: { code: "not_found" } });
      // The link of the erased person opens nothing any more.
      expect(await lp.surveys.answer(tokenOf(mailsTo(email)[0]!.text), { zufriedenheit: "5" })).toEqual({ ok: false, error: { kind: "unknown" } });
    } finally {
      await lp.close();
    }
  });
});
