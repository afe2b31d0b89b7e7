import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLeadport } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually } from "../support/smtp-sink.js";

const SITE = "https://www.example-dachdecker.de";
const FORM = "/api/v1/forms/inquiry";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const jsonOf = (response: Response): Promise<any> => response.json();

/*
 * Suspected spam from the public contact form is stored held for review: the submitter's answer is
 * the normal one, staff hear nothing, the normal list does not show it; a user releases or deletes it.
 */
describe("suspected spam is held for review, not dropped", () => {
  let server: TestServer;
  let key: string;
  let staffId: string;

  beforeAll(async () => {
    server = await startTestServer({
      LEADPORT_FORM_RATE_PER_IP: "off",
      LEADPORT_FORM_RATE_PER_KEY: "off",
      LEADPORT_OUTBOX_POLL_MS: "100",
      LEADPORT_FORM_MIN_FILL_SECONDS: "3",
      LEADPORT_SPAM_PATTERNS: "casino, /cheap\\s+seo/",
    });
    const run = await runLeadport(["keys", "create", "--name", "Website", "--publishable", "--origin", SITE, "--thank-you-url", `${SITE}/danke`], {
      LEADPORT_DATA_DIR: server.dataDir,
    });
    expect(run.code, run.stderr).toBe(0);
    key = run.stdout.trim().split("\n").pop()!;
    const staff = await server.request("/api/v1/staff", { method: "POST", json: { email: "anna@dachdecker.example", name: "Anna Schulz" } });
    expect(staff.status).toBe(201);
    staffId = (await staff.json()).id;
  });

  afterAll(async () => {
    await server.stop();
  });

  const submit = (fields: Record<string, string>, html = false) =>
    fetch(`${server.url}${FORM}`, {
      method: "POST",
      redirect: "manual",
      headers: html
        ? { "Content-Type": "application/x-www-form-urlencoded", Origin: SITE, Accept: "text/html" }
        : { "Content-Type": "application/json", Origin: SITE },
      body: html ? new URLSearchParams({ key, ...fields }) : JSON.stringify({ key, ...fields }),
    });
  const visitor = (email: string) => ({ name: "Erika Musterfrau", email, phone: "0511 123456", message: "Dachrinne undicht, bitte Rückruf" });
  const listed = async (query: string): Promise<Array<{ id: string; contact: { email: string }; heldForReview: boolean; holdReasons: string[]; leadScore: number }>> =>
    (await jsonOf(await server.request(`/api/v1/inquiries${query}`))).items;
  const byEmail = async (email: string, held: boolean) => (await listed(held ? `?held=true&q=${encodeURIComponent(email)}` : `?q=${encodeURIComponent(email)}`));
  const notifications = async (): Promise<Array<{ title: string; body: string; link: string }>> =>
    (await jsonOf(await server.request(`/api/v1/staff/${staffId}/notifications`))).items;
  const mails = (): string[] => {
    try {
      return readdirSync(join(server.dataDir, "mail")).filter((name) => name.endsWith(".eml")).map((name) => readFileSync(join(server.dataDir, "mail", name), "utf8"));
    } catch {
      return [];
    }
  };
  /** Staff were told of an inquiry when a notification links to it. */
  const notifiedOf = async (inquiryId: string) => (await notifications()).some((n) => n.link.includes(inquiryId));
  /** The outbox works in order: once a later normal inquiry is announced, an earlier held one had its chance. */
  const afterDispatch = async () => {
    const email = `normal-${Date.now()}-${Math.random()}@example.org`;
    expect((await submit(visitor(email))).status).toBe(201);
    const [normal] = await eventually(async () => {
      const items = await byEmail(email, false);
      return items.length > 0 && (await notifiedOf(items[0]!.id)) ? items : null;
    }, "the normal inquiry's notification");
    return normal!;
  };

  it("answers a held submission exactly like a normal one, as JSON and as a redirect", async () => {
    const normal = await submit(visitor("answer-normal@example.org"));
    const held = await submit({ ...visitor("answer-held@example.org"), website: "http://spam.example" });
    expect(held.status).toBe(normal.status);
    expect(await held.json()).toEqual(await normal.json());
    const normalHtml = await submit(visitor("answer-normal2@example.org"), true);
    const heldHtml = await submit({ ...visitor("answer-held2@example.org"), website: "x" }, true);
    expect(heldHtml.status).toBe(303);
    expect(heldHtml.status).toBe(normalHtml.status);
    expect(heldHtml.headers.get("location")).toBe(normalHtml.headers.get("location"));
    expect(await heldHtml.text()).toBe(await normalHtml.text());
  });

  it("holds a honeypot submission: no score, no notification, no mail, only in the held list", async () => {
    const email = "honeypot@example.org";
    expect((await submit({ ...visitor(email), website: "http://spam.example" })).status).toBe(201);
    await afterDispatch();
    const [held] = await byEmail(email, true);
    expect(held).toMatchObject({ heldForReview: true, holdReasons: ["honeypot"], leadScore: 0, leadScoreReasons: [] });
    expect(await byEmail(email, false)).toEqual([]);
    expect((await listed("?held=true")).every((inquiry) => inquiry.heldForReview)).toBe(true);
    expect((await listed("")).some((inquiry) => inquiry.heldForReview)).toBe(false);
    expect(await notifiedOf(held!.id)).toBe(false);
    expect(mails().some((mail) => mail.includes(held!.id))).toBe(false);
  });

  it("holds a submission sent too soon after the form was loaded; a slow one or one without the time is normal", async () => {
    expect((await submit({ ...visitor("fast@example.org"), _loaded: String(Date.now() - 500) })).status).toBe(201);
    expect((await submit({ ...visitor("slow@example.org"), _loaded: String(Date.now() - 60_000) })).status).toBe(201);
    expect((await submit({ ...visitor("nojs@example.org") })).status).toBe(201);
    expect((await byEmail("fast@example.org", true))[0]?.holdReasons).toEqual(["too_fast"]);
    expect(await byEmail("slow@example.org", true)).toEqual([]);
    expect(await byEmail("slow@example.org", false)).toHaveLength(1);
    expect(await byEmail("nojs@example.org", false)).toHaveLength(1);
  });

  it("holds a submission matching a configured pattern", async () => {
    expect((await submit({ ...visitor("pattern1@example.org"), message: "Best CASINO bonus" })).status).toBe(201);
    expect((await submit({ ...visitor("pattern2@example.org"), subject: "Cheap  SEO services" })).status).toBe(201);
    expect((await byEmail("pattern1@example.org", true))[0]?.holdReasons).toEqual(["pattern"]);
    expect((await byEmail("pattern2@example.org", true))[0]?.holdReasons).toEqual(["pattern"]);
  });

  it("a released inquiry is scored, listed normally and staff are notified; releasing twice is 409", async () => {
    const email = "released@example.org";
    await submit({ ...visitor(email), website: "x" });
    const [held] = await byEmail(email, true);
    const released = await server.request(`/api/v1/inquiries/${held!.id}/release`, { method: "POST" });
    expect(released.status).toBe(200);
    const body = await released.json();
    expect(body).toMatchObject({ id: held!.id, heldForReview: false, holdReasons: [] });
    expect(body.leadScore).toBeGreaterThan(0);
    expect((await byEmail(email, false)).map((inquiry) => inquiry.id)).toEqual([held!.id]);
    expect(await byEmail(email, true)).toEqual([]);
    await eventually(async () => ((await notifiedOf(held!.id)) ? true : null), "the released inquiry's notification");
    await eventually(() => (mails().some((mail) => mail.includes(held!.id)) ? true : null), "the released inquiry's mail");
    const again = await server.request(`/api/v1/inquiries/${held!.id}/release`, { method: "POST" });
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toContain("application/problem+json");
  });

  it("a held inquiry is deleted with DELETE; another workspace's or an unknown id is 404", async () => {
    const email = "deleted@example.org";
    await submit({ ...visitor(email), website: "x" });
    const [held] = await byEmail(email, true);
    expect((await server.request(`/api/v1/inquiries/${held!.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await byEmail(email, true)).toEqual([]);
    expect((await server.request(`/api/v1/inquiries/unknown-id/release`, { method: "POST" })).status).toBe(404);
  });

  it("the CLI lists held inquiries with their reasons and releases one", async () => {
    const email = "cli-held@example.org";
    await submit({ ...visitor(email), website: "x" });
    const [held] = await byEmail(email, true);
    const env = { LEADPORT_DATA_DIR: server.dataDir };
    const listing = await runLeadport(["inquiries", "held", "--workspace", "default"], env);
    expect(listing.code, listing.stderr).toBe(0);
    expect(listing.stdout).toContain(held!.id);
    expect(listing.stdout).toContain("(honeypot)");
    const released = await runLeadport(["inquiries", "release", held!.id], env);
    expect(released.code, released.stderr).toBe(0);
    expect(await byEmail(email, false)).toHaveLength(1);
    expect((await runLeadport(["inquiries", "held"], env)).stdout).not.toContain(held!.id);
    const again = await runLeadport(["inquiries", "release", held!.id], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("not held");
  });

  it("another workspace can neither list nor release this workspace's held inquiry (404)", async () => {
    const email = "isolated@example.org";
    await submit({ ...visitor(email), website: "x" });
    const [held] = await byEmail(email, true);
    const env = { LEADPORT_DATA_DIR: server.dataDir };
    expect((await runLeadport(["workspaces", "create", "andere"], env)).code).toBe(0);
    const created = await runLeadport(["keys", "create", "--name", "Andere", "--workspace", "andere"], env);
    expect(created.code, created.stderr).toBe(0);
    const otherKey = created.stdout.trim().split("\n").pop()!;
    const theirs = await server.request("/api/v1/inquiries?held=true", { key: otherKey });
    expect((await theirs.json()).items).toEqual([]);
    const release = await server.request(`/api/v1/inquiries/${held!.id}/release`, { method: "POST", key: otherKey });
    expect(release.status).toBe(404);
    expect((await byEmail(email, true)).map((inquiry) => inquiry.id)).toEqual([held!.id]);
  });
});
