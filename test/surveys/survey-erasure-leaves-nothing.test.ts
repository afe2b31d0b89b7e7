import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLeadport, type Leadport } from "../../src/hosts/library.js";
import { databaseText, libraryDatabase } from "../support/test-database.js";

/*
 * The surveys' share of docs/adr/0007: once a customer is erased (the outbox need not run), no byte
 * of their address, name or answers is left in the database, its WAL or the stored mails —
 * invitation, reminder and the feedback mail to staff included — while another person's stay.
 */
const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Which files hold a needle; in PostgreSQL mode the rows of the data directory's database count as its leadport.db. */
async function whereFound(dir: string, needles: readonly string[]): Promise<string[]> {
  const inFiles = filesUnder(dir).flatMap((file) => {
    const bytes = readFileSync(file);
    return needles.filter((needle) => bytes.includes(Buffer.from(needle, "utf8"))).map((needle) => `${file.slice(dir.length)}: ${needle}`);
  });
  const rows = await databaseText(join(dir, "leadport.db"));
  return [...inFiles, ...needles.filter((needle) => rows.includes(needle)).map((needle) => `/leadport.db (PostgreSQL): ${needle}`)];
}

const ERASED = { name: "Quappendorf", email: "ottilie.quappendorf@example.org", word: "Zwiebelturmsanierung" };
const KEPT = { name: "Brettschneider", email: "konrad.brettschneider@example.org", word: "Fachwerkrestaurierung" };

describe("erasing a customer erases their survey data", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function answerFor(lp: Leadport, email: string, comment: string): Promise<void> {
    const eml = filesUnder(join(dir, "mail")).map((file) => readFileSync(file, "utf8").replace(/=\r?\n/g, "")).find((text) => text.includes(`To: ${email}`) || text.includes(`<${email}>`));
    const token = /\/s\/([A-Za-z0-9_-]{16,})/.exec(eml ?? "")?.[1];
    if (!token) throw new Error(`no invitation to ${email}`);
    must(await lp.surveys.answer(token, { zufriedenheit: "1", kommentar: comment }));
  }

  it("leaves no byte of their address, name or answers in the database, its WAL or the stored mails", async () => {
    dir = mkdtempSync(join(tmpdir(), "leadport-survey-erasure-"));
    const lp = await createLeadport({ ...libraryDatabase(join(dir, "leadport.db")), dataDir: dir, mail: { directory: join(dir, "mail") } });
    try {
      must(await lp.staff.add({ name: "Lea Schulz", email: "lea@dachdecker-schulz.de" }));
      // Lea owns both customers and hears of a low score as a churn risk; Mia hears of the feedback.
      const mia = must(await lp.staff.add({ name: "Mia Schulz", email: "mia@dachdecker-schulz.de" }));
      const people = [];
      for (const person of [ERASED, KEPT]) {
        const created = must(await lp.inquiries.create({ title: "Dach", contact: { name: `Otto ${person.name}`, email: person.email }, assignee: "lea@dachdecker-schulz.de" }));
        people.push(created.inquiry.customerId);
      }
      const survey = must(await lp.surveys.create({ title: "Zufriedenheit", reminders: { afterDays: 1, maxReminders: 1 } }));
      must(await lp.surveys.lists.replace("kunden", { members: [{ email: ERASED.email }, { email: KEPT.email }] }));
      must(await lp.surveys.dispatch(survey.id, { mode: "personal", listId: "kunden" }));
      must(await lp.surveys.tick());
      must(await lp.outbox.runOnce());
      await answerFor(lp, ERASED.email, `Die ${ERASED.word} war mangelhaft`);
      await answerFor(lp, KEPT.email, `Die ${KEPT.word} war mangelhaft`);
      must(await lp.outbox.runOnce());
      must(await lp.outbox.runOnce());
      must(await lp.outbox.runOnce());
      // The answers reached the stored feedback mails and in-app notices, or the search below would prove nothing.
      const notices = must(await lp.notifications.list(mia.id)).items.filter((item) => item.kind === "notice");
      expect(notices.filter((item) => item.body.includes(ERASED.word))).toHaveLength(1);
      expect((await whereFound(join(dir, "mail"), [ERASED.word])).length).toBeGreaterThanOrEqual(1);
      expect((await whereFound(dir, [ERASED.email, ERASED.word])).some((hit) => hit.startsWith("/leadport.db"))).toBe(true);

      const report = must(await lp.customers.erase(people[0]!));
      expect(report.sections["surveys"]).toMatchObject({ responses: 1, invitations: 1, listEntries: 1 });
      // Gone with the erasure's own transaction and its removal of files: no outbox run needed.
      expect(await whereFound(dir, [ERASED.email, ERASED.name, ERASED.word])).toEqual([]);
      must(await lp.outbox.runOnce());
      expect(await whereFound(dir, [ERASED.email, ERASED.name, ERASED.word])).toEqual([]);

      expect(must(await lp.surveys.results(survey.id))).toMatchObject({ sent: 1, answered: 1 });
      expect(must(await lp.surveys.satisfaction(people[1]!)).history).toHaveLength(1);
      expect(must(await lp.surveys.lists.get("kunden")).members.map((m) => m.email)).toEqual([KEPT.email]);
      expect((await whereFound(dir, [KEPT.email, KEPT.word])).length).toBeGreaterThan(0);
    } finally {
      await lp.close();
    }
    expect((await whereFound(dir, [ERASED.email, ERASED.name, ERASED.word]))).toEqual([]);
  });
});
