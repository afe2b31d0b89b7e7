import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLeadport } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

const SITE = "https://www.example-dachdecker.de";
const FORM = "/api/v1/forms/inquiry";

/** JSON answers are read loosely; the assertions say what shape is expected. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const jsonOf = (response: Response): Promise<any> => response.json();

async function publishableKey(server: TestServer, ...extra: string[]): Promise<string> {
  const run = await runLeadport(["keys", "create", "--name", "Website", "--publishable", "--origin", SITE, ...extra], {
    LEADPORT_DATA_DIR: server.dataDir,
  });
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.trim().split("\n").pop()!;
}

function urlencoded(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}

describe("the public contact-form endpoint", () => {
  let server: TestServer;
  let key: string;

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_FORM_RATE_PER_IP: "off", LEADPORT_FORM_RATE_PER_KEY: "off" });
    key = await publishableKey(server, "--thank-you-url", `${SITE}/danke`);
  });

  afterAll(async () => {
    await server.stop();
  });

  const post = (body: RequestInit["body"], headers: Record<string, string> = {}, query = "") =>
    fetch(`${server.url}${FORM}${query}`, { method: "POST", body, headers, redirect: "manual" });

  const findInquiries = async (email: string) => (await (await server.request(`/api/v1/inquiries?q=${encodeURIComponent(email)}`)).json()).items;

  it("answers a CORS preflight from an allowed origin, with Vary: Origin", async () => {
    const response = await fetch(`${server.url}${FORM}`, {
      method: "OPTIONS",
      headers: { Origin: SITE, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
    expect(response.headers.get("vary")).toContain("Origin");
  });

  it("refuses a preflight and a submission from another origin with 403 and no CORS headers", async () => {
    const preflight = await fetch(`${server.url}${FORM}`, { method: "OPTIONS", headers: { Origin: "https://evil.example" } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const withKey = await fetch(`${server.url}${FORM}?key=${key}`, { method: "OPTIONS", headers: { Origin: "https://evil.example" } });
    expect(withKey.status).toBe(403);

    const email = "evil-origin@example.org";
    const response = await post(JSON.stringify({ key, name: "Eve", email, message: "Hallo" }), {
      "Content-Type": "application/json",
      Origin: "https://evil.example",
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("vary")).toContain("Origin");
    expect(await findInquiries(email)).toEqual([]);
  });

  it("takes a plain URL-encoded form, answers 303 to the key's thank-you URL and stores the inquiry as from the website", async () => {
    const response = await post(
      urlencoded({ key, name: "Jürgen Schäfer", email: "juergen@example.org", phone: "0511 123", street: "Am Markt 1", zipcode: "30159", city: "Hannover", message: "Dachrinne undicht", Rückruf: "abends", website: "" }),
      { "Content-Type": "application/x-www-form-urlencoded", Origin: SITE, Accept: "text/html" },
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${SITE}/danke`);
    expect(response.headers.get("access-control-allow-origin")).toBe(SITE);
    const [inquiry] = await findInquiries("juergen@example.org");
    expect(inquiry).toMatchObject({
      title: "Anfrage von Jürgen Schäfer",
      source: "Website",
      status: "Neu",
      contact: { name: "Jürgen Schäfer", email: "juergen@example.org", phone: "0511 123" },
      address: { street: "Am Markt 1", zipcode: "30159", city: "Hannover" },
      notes: "Dachrinne undicht\n\nRückruf: abends",
      customerMatch: "created",
    });
  });

  it("answers JSON 201 to a JSON body and matches the existing customer by e-mail like the native API", async () => {
    // The existing customer, whether or not the plain-form test above ran first.
    const existing = await server.request("/api/v1/inquiries", { method: "POST", json: { title: "Erstkontakt", contact: { name: "Jürgen Schäfer", email: "juergen@example.org" } } });
    if (existing.status !== 201) throw new Error(`the existing customer's inquiry was refused: ${existing.status}`);
    const response = await post(JSON.stringify({ name: "Jürgen Schäfer", email: "JUERGEN@example.org", message: "Noch eine Frage", subject: "Rückfrage" }), {
      "Content-Type": "application/json",
      "X-API-KEY": key,
      Origin: SITE,
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ status: "received", message: "Vielen Dank! Ihre Anfrage ist eingegangen." });
    const inquiries = await findInquiries("Rückfrage");
    expect(inquiries).toHaveLength(1);
    expect(inquiries[0]).toMatchObject({ title: "Rückfrage", customerMatch: "email" });
  });

  it("takes multipart forms with the key in ?key=, discarding file parts but noting their names", async () => {
    const form = new FormData();
    form.set("name", "Paula Plan");
    form.set("email", "paula@example.org");
    form.set("message", "Foto anbei");
    form.set("foto", new Blob([Buffer.from("not really a jpeg")], { type: "image/jpeg" }), "dach.jpg");
    const response = await post(form, { Accept: "application/json" }, `?key=${key}`);
    expect(response.status).toBe(201);
    const [inquiry] = await findInquiries("paula@example.org");
    expect(inquiry.notes).toBe("Foto anbei\n\nNicht übernommene Dateien: dach.jpg");
  });

  it("names the failing form fields: problem+json for scripts, a readable German page for plain forms", async () => {
    const json = await post(JSON.stringify({ key, name: "X", email: "not-an-address" }), { "Content-Type": "application/json" });
    expect(json.status).toBe(400);
    expect(json.headers.get("content-type")).toContain("application/problem+json");
    const problem = await jsonOf(json);
    expect(problem.errors).toEqual([
      { path: "email", message: "is not a valid e-mail address" },
      { path: "message", message: "is required" },
    ]);
    const invalidEmail = await post(JSON.stringify({ key, name: "X", email: "not-an-address", message: "Hallo" }), { "Content-Type": "application/json" });
    expect((await jsonOf(invalidEmail)).errors).toEqual([{ path: "email", message: "is not a valid e-mail address" }]);

    const html = await post(urlencoded({ key, name: "", email: "", message: "" }), {
      "Content-Type": "application/x-www-form-urlencoded",
      Referer: `${SITE}/kontakt`,
    });
    expect(html.status).toBe(400);
    expect(html.headers.get("content-type")).toContain("text/html");
    const page = await html.text();
    expect(page).toContain("E-Mail: fehlt");
    expect(page).toContain("Name: fehlt");
    expect(page).toMatch(/Nachricht: fehlt/);
    expect(page).toContain(`href="${SITE}/kontakt"`);
  });

  it("pretends success for a filled honeypot and keeps it out of the normal list (held for review)", async () => {
    const email = "bot@example.org";
    const json = await post(JSON.stringify({ key, name: "Bot", email, message: "Buy now", website: "http://spam.example" }), {
      "Content-Type": "application/json",
    });
    expect(json.status).toBe(201);
    expect(await json.json()).toEqual({ status: "received", message: "Vielen Dank! Ihre Anfrage ist eingegangen." });
    const html = await post(urlencoded({ key, name: "Bot", email, message: "Buy now", website: "x" }), {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(html.status).toBe(303);
    expect(await findInquiries(email)).toEqual([]);
    const held = (await (await server.request(`/api/v1/inquiries?held=true&q=${encodeURIComponent(email)}`)).json()).items;
    expect(held).toHaveLength(2);
  });

  it("refuses a missing key (401), a secret key and an unknown key (403) on the form", async () => {
    const body = JSON.stringify({ name: "A", email: "a@example.org", message: "Hallo" });
    const headers = { "Content-Type": "application/json" };
    expect((await post(body, headers)).status).toBe(401);
    expect((await post(body, { ...headers, "X-API-KEY": server.key })).status).toBe(403);
    expect((await post(body, { ...headers, "X-API-KEY": "lp_pub_unknown" })).status).toBe(403);
  });

  it("lets a publishable key read nothing: every other keyed route answers 403", async () => {
    const document = await jsonOf(await fetch(`${server.url}/openapi.json`));
    const refused: string[] = [];
    let tried = 0;
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, { security: object[] }>>)) {
      for (const [method, operation] of Object.entries(item)) {
        if (operation.security.length === 0 || path === FORM) continue;
        const url = `${server.url}${path.replace(/\{\w+\}/g, "00000000-0000-0000-0000-000000000000")}`;
        for (const headers of [{ "X-API-KEY": key }, { Authorization: `Bearer ${key}` }] as Array<Record<string, string>>) {
          const response = await fetch(`${url}?key=${key}`, { method: method.toUpperCase(), headers: { ...headers, "Content-Type": "application/json" }, body: method === "get" || method === "delete" ? undefined : "{}" });
          tried += 1;
          if (response.status !== 403) refused.push(`${method.toUpperCase()} ${path} → ${response.status}`);
        }
      }
    }
    expect(tried).toBeGreaterThanOrEqual(18);
    expect(refused).toEqual([]);
  });

  it("shows the default thank-you page when the key has none", async () => {
    const plainKey = await publishableKey(server);
    const response = await post(urlencoded({ key: plainKey, name: "Ohne Dank", email: "ohne@example.org", message: "Hallo" }), {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/forms/thank-you");
    const page = await fetch(`${server.url}/forms/thank-you`);
    expect(await page.text()).toContain("Vielen Dank!");
  });
});

describe.each([
  { limit: "address", env: { LEADPORT_FORM_RATE_PER_IP: "2/1h", LEADPORT_FORM_RATE_PER_KEY: "off" } },
  { limit: "key", env: { LEADPORT_FORM_RATE_PER_IP: "off", LEADPORT_FORM_RATE_PER_KEY: "2/1h" } },
])("contact-form rate limit per $limit", ({ env }) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(env);
  });

  afterAll(async () => {
    await server.stop();
  });

  it("answers 429 with Retry-After once the submissions are used up, JSON and HTML alike", async () => {
    const key = await publishableKey(server);
    const send = (accept: string) =>
      fetch(`${server.url}${FORM}`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: accept, Origin: SITE },
        body: urlencoded({ key, name: "Rita Rate", email: "rita@example.org", message: "Hallo" }),
      });
    expect((await send("application/json")).status).toBe(201);
    expect((await send("text/html")).status).toBe(303);
    const limited = await send("application/json");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("access-control-allow-origin")).toBe(SITE);
    expect((await jsonOf(limited)).code).toBe("rate_limited");
    const page = await send("text/html");
    expect(page.status).toBe(429);
    expect(page.headers.get("retry-after")).toBeTruthy();
    expect(await page.text()).toContain("zu viele Anfragen");
    const stored = await (await server.request("/api/v1/inquiries?q=rita@example.org")).json();
    expect(stored.items).toHaveLength(2);
  });
});

describe("the contact form with LEADPORT_FORM_REQUIRE_CONSENT=true", () => {
  let server: TestServer;
  let key: string;

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_FORM_RATE_PER_IP: "off", LEADPORT_FORM_REQUIRE_CONSENT: "true" });
    key = await publishableKey(server);
  });
  afterAll(async () => {
    await server.stop();
  });

  it("refuses a submission without the consent box, naming it beside the other bad fields, and takes one with it", async () => {
    const send = (fields: Record<string, string>) =>
      fetch(`${server.url}${FORM}`, {
        method: "POST",
        body: JSON.stringify({ key, ...fields }),
        headers: { "Content-Type": "application/json", Origin: SITE },
      });
    const refused = await send({ name: "Ina", email: "ina@", message: "Hallo" });
    expect(refused.status).toBe(400);
    expect((await jsonOf(refused)).errors).toEqual([
      { path: "email", message: "is not a valid e-mail address" },
      { path: "consent", message: "is required" },
    ]);
    const accepted = await send({ name: "Ina", email: "ina@example.org", message: "Hallo", consent: "ja" });
    expect(accepted.status, await accepted.clone().text()).toBe(201);
  });
});
