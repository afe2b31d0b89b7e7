import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually } from "../support/smtp-sink.js";
import { queryDatabase } from "../support/test-database.js";

/*
 * The surveys' share of a person's data, through a real server: the export shows their answers,
 * the erasure removes their survey data in its own transaction (checked in the database, not
 * through the API), and retention with a short period removes old answers.
 */
const DAY = 86_400_000;
const ERASED = { name: "Hedwig Quastenberg", email: "hedwig.quastenberg@example.org", word: "Schornsteinverwahrung" };
const EXPIRED = { name: "Bruno Zinnkraut", email: "bruno.zinnkraut@example.org", word: "Dachrinnenheizung" };

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("a customer's survey data over HTTP", () => {
  let server: TestServer;
  const clock = new ManualClock(new Date("2026-11-02T09:00:00.000Z"));
  const customers = new Map<string, string>();

  const json = async (path: string, init?: Parameters<TestServer["request"]>[1]) => {
    const response = await server.request(path, init);
    return { status: response.status, body: await response.json() };
  };
  const mails = () => filesUnder(join(server.dataDir, "mail")).filter((file) => file.endsWith(".eml"));
  const linkFor = async (email: string) => {
    const text = await eventually(
      () => mails().map((file) => readFileSync(file, "utf8").replace(/=\r?\n/g, "")).find((mail) => mail.includes(email) && /\/s\/[A-Za-z0-9_-]{16,}/.test(mail)) ?? null,
      `the invitation to ${email}`,
    );
    return /\/s\/[A-Za-z0-9_-]{16,}/.exec(text)![0];
  };
  /** Rows of the survey tables and the outbox that contain one of these texts, read from the database itself. */
  const rowsMentioning = async (...needles: string[]) => {
    const columns = { survey_invitations: "data", survey_responses: "data", survey_participant_lists: "data", outbox: "payload" };
    const found: string[] = [];
    for (const [table, column] of Object.entries(columns)) {
      for (const needle of needles) {
        // CAST: a jsonb column on PostgreSQL, text on SQLite; both compare as text.
        const [row] = await queryDatabase<{ n: number | string }>(join(server.dataDir, "leadport.db"), `SELECT count(*) AS n FROM ${table} WHERE CAST(${column} AS TEXT) LIKE ?`, [`%${needle}%`]);
        if (Number(row?.n ?? 0) > 0) found.push(`${table}: ${needle}`);
      }
    }
    return found;
  };

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_OUTBOX_POLL_MS: "50", LEADPORT_SURVEY_TICK_MS: "50" }, { clock });
    for (const person of [ERASED, EXPIRED]) {
      const { body } = await json("/api/v1/inquiries", { method: "POST", json: { title: "Dach", contact: { name: person.name, email: person.email } } });
      customers.set(person.email, body.customerId);
    }
    const { body: survey } = await json("/api/v1/surveys", { method: "POST", json: { title: "Zufriedenheit", quarantine: { days: 0 } } });
    const dispatched = await json(`/api/v1/surveys/${survey.id}/dispatches`, {
      method: "POST",
      json: { mode: "personal", participants: [ERASED, EXPIRED].map((p) => ({ email: p.email, name: p.name, variables: { region: "Nord" } })) },
    });
    expect(dispatched.status).toBe(201);
    for (const person of [ERASED, EXPIRED]) {
      const answered = await fetch(`${server.url}${await linkFor(person.email)}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ zufriedenheit: "2", kommentar: `Die ${person.word} war mangelhaft` }).toString(),
      });
      expect(answered.status).toBe(200);
    }
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("exports their answers beside the core's records, then erases every row of their survey data in the erasure itself", async () => {
    const customerId = customers.get(ERASED.email)!;
    const exported = await json(`/api/v1/customers/${customerId}/export`);
    expect(exported.status).toBe(200);
    // The core's keys are unchanged; the features' data comes under `sections`.
    expect(Object.keys(exported.body)).toEqual(
      expect.arrayContaining(["exportedAt", "workspaceId", "customer", "inquiries", "attachments", "tickets", "orders", "notifications", "mails", "outboxEvents", "sections"]),
    );
    const surveys = exported.body.sections.surveys;
    expect(surveys.invitations).toMatchObject([{ participant: { email: ERASED.email, name: ERASED.name, variables: { region: "Nord" } }, surveyTitle: "Zufriedenheit" }]);
    expect(JSON.stringify(surveys.invitations)).not.toMatch(/token/);
    expect(surveys.responses).toHaveLength(1);
    expect(surveys.responses[0].answers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ questionId: "zufriedenheit", value: 2 }),
        expect.objectContaining({ questionId: "kommentar", value: `Die ${ERASED.word} war mangelhaft` }),
      ]),
    );
    expect(JSON.stringify(exported.body.sections)).not.toContain(EXPIRED.word);
    expect((await rowsMentioning(ERASED.email, ERASED.word)).length).toBeGreaterThan(0);

    const erased = await json(`/api/v1/customers/${customerId}?erase=true`, { method: "DELETE" });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ customerId, inquiries: 1, sections: { surveys: { responses: 1, invitations: 1 } } });
    // The outbox included: its CustomerErased event carries counts, no personal data.
    expect(await rowsMentioning(ERASED.email, ERASED.name, ERASED.word)).toEqual([]);
    expect(mails().filter((file) => readFileSync(file, "utf8").includes(ERASED.email))).toEqual([]);
    // The other person's answer stays.
    expect(await rowsMentioning(EXPIRED.word)).toContain(`survey_responses: ${EXPIRED.word}`);
  });

  it("keeps answers by default and removes them with a short surveyResponsesDays, a dry run first", async () => {
    expect((await json("/api/v1/settings/retention")).body.surveyResponsesDays).toBeNull();
    const refused = await json("/api/v1/settings/retention", { method: "PATCH", json: { surveyResponsesDays: 0 } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(["surveyResponsesDays"]);
    expect((await json("/api/v1/settings/retention", { method: "PATCH", json: { surveyResponsesDays: 1 } })).body).toMatchObject({ surveyResponsesDays: 1 });

    const early = await json("/api/v1/settings/retention/run", { method: "POST" });
    expect(early.body.sections).toEqual({ surveys: { responses: 0, invitations: 0 } });

    clock.advance(2 * DAY);
    const dry = await json("/api/v1/settings/retention/run?dryRun=true", { method: "POST" });
    expect(dry.body).toMatchObject({ dryRun: true, sections: { surveys: { responses: 1, invitations: 1 } } });
    expect(await rowsMentioning(EXPIRED.word)).toContain(`survey_responses: ${EXPIRED.word}`);

    const applied = await json("/api/v1/settings/retention/run", { method: "POST" });
    expect(applied.body).toMatchObject({ dryRun: false, cutoffs: { surveyResponsesBefore: expect.any(String) }, sections: { surveys: { responses: 1, invitations: 1 } } });
    expect((await rowsMentioning(EXPIRED.word)).filter((row) => row.startsWith("survey_"))).toEqual([]);
    // The stored copy of the invitation mail goes with the invitation.
    expect(mails().filter((file) => readFileSync(file, "utf8").includes(EXPIRED.email))).toEqual([]);
    // Retention removes survey data only: the customer and their inquiry stay.
    expect((await server.request(`/api/v1/customers/${customers.get(EXPIRED.email)}`)).status).toBe(200);
  });
});
