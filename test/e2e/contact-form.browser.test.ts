import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLeadport } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

/*
 * Debian's Chromium drives the example form from a second local origin (another port), so the
 * browser enforces CORS for real. CI installs /usr/bin/chromium (.ci/run); this test never skips.
 */
const CHROMIUM = "/usr/bin/chromium";
const EXAMPLE = readFileSync(new URL("../../examples/contact-form/index.html", import.meta.url), "utf8");
const BROWSER_TIMEOUT = 120_000;

interface Site {
  readonly origin: string;
  close(): Promise<void>;
}

/** A website on its own origin serving the example form, configured like the comment in it says. */
async function serveSite(endpoint: string, key: () => string): Promise<Site> {
  const server: Server = createServer((request, response) => {
    if (request.url === "/danke.html") {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end("<!doctype html><h1>Danke für Ihre Anfrage</h1>");
      return;
    }
    const page = EXAMPLE.replace("http://127.0.0.1:3000/api/v1/forms/inquiry", endpoint).replace("lp_pub_IHR_SCHLUESSEL", key());
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function fillIn(page: Page, name: string, email: string): Promise<void> {
  await page.getByLabel("Name *").fill(name);
  await page.getByLabel("E-Mail *").fill(email);
  await page.getByLabel("Telefon").fill("0511 4711");
  await page.getByLabel("PLZ").fill("30449");
  await page.getByLabel("Ort").fill("Hannover");
  await page.getByLabel("Ihre Nachricht *").fill("Das Dach über der Garage ist undicht.");
  await page.getByRole("checkbox", { name: /einverstanden/ }).check();
  await page.getByRole("button", { name: "Anfrage senden" }).click();
}

describe("the example contact form in a real browser", () => {
  let server: TestServer;
  let site: Site;
  let otherSite: Site;
  let browser: Browser;
  let key = "";
  let screenshots: string;

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_FORM_RATE_PER_IP: "off" });
    const endpoint = `${server.url}/api/v1/forms/inquiry`;
    site = await serveSite(endpoint, () => key);
    otherSite = await serveSite(endpoint, () => key);
    const created = await runLeadport(
      ["keys", "create", "--name", "Website", "--publishable", "--origin", site.origin, "--thank-you-url", `${site.origin}/danke.html`],
      { LEADPORT_DATA_DIR: server.dataDir },
    );
    expect(created.code, created.stderr).toBe(0);
    key = created.stdout.trim().split("\n").pop()!;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    screenshots = mkdtempSync(join(tmpdir(), "leadport-screens-"));
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([site?.close(), otherSite?.close()]);
    await server?.stop();
    if (screenshots) rmSync(screenshots, { recursive: true, force: true });
  });

  const inquiriesOf = async (email: string) =>
    (await (await server.request(`/api/v1/inquiries?q=${encodeURIComponent(email)}`)).json()).items;

  it("submits with JavaScript, shows the confirmation and the inquiry arrives", async () => {
    const page = await browser.newPage();
    await page.goto(site.origin);
    // A person takes longer than LEADPORT_FORM_MIN_FILL_SECONDS (default 3) to fill in the form.
    await page.waitForTimeout(3_200);
    await fillIn(page, "Jana Jäger", "jana@example.org");
    await expect.poll(() => page.locator("#status").textContent(), { timeout: 30_000 }).toContain("Vielen Dank");
    expect(await page.getByLabel("Name *").inputValue()).toBe("");
    await page.close();
    const [inquiry] = await inquiriesOf("jana@example.org");
    expect(inquiry).toMatchObject({
      source: "Website",
      contact: { name: "Jana Jäger", email: "jana@example.org", phone: "0511 4711" },
      address: { zipcode: "30449", city: "Hannover" },
      notes: "Das Dach über der Garage ist undicht.\n\nEinwilligung zur Datenverarbeitung: erteilt",
    });
  }, BROWSER_TIMEOUT);

  it("sends the time the page loaded the form: filled in at bot speed, it is held for review with the same confirmation", async () => {
    const page = await browser.newPage();
    await page.goto(site.origin);
    await fillIn(page, "Bot Schnell", "schnell@example.org");
    await expect.poll(() => page.locator("#status").textContent(), { timeout: 30_000 }).toContain("Vielen Dank");
    await page.close();
    expect(await inquiriesOf("schnell@example.org")).toEqual([]);
    const held = (await (await server.request(`/api/v1/inquiries?held=true&q=schnell%40example.org`)).json()).items;
    expect(held.map((inquiry: { holdReasons: string[] }) => inquiry.holdReasons)).toEqual([["too_fast"]]);
  }, BROWSER_TIMEOUT);

  it("submits without JavaScript as a plain form and lands on the thank-you page", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.origin);
    await fillIn(page, "Otto Ohnescript", "otto@example.org");
    await page.waitForURL(`${site.origin}/danke.html`, { timeout: 30_000 });
    expect(await page.locator("h1").textContent()).toBe("Danke für Ihre Anfrage");
    await context.close();
    expect(await inquiriesOf("otto@example.org")).toHaveLength(1);
  }, BROWSER_TIMEOUT);

  it("is refused by the browser from an origin the key does not allow, and nothing is stored", async () => {
    const page = await browser.newPage();
    await page.goto(otherSite.origin);
    await fillIn(page, "Fremde Seite", "fremd@example.org");
    await expect.poll(() => page.locator("#status").textContent(), { timeout: 30_000 }).toContain("konnte nicht gesendet werden");
    expect(await page.locator("#status").getAttribute("class")).toBe("error");
    await page.close();
    expect(await inquiriesOf("fremd@example.org")).toEqual([]);
  }, BROWSER_TIMEOUT);

  it("renders the API reference at /docs (screenshot)", async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, object> };
    const operations = Object.values(document.paths).reduce((sum, item) => sum + Object.keys(item).length, 0);
    const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
    await page.goto(`${server.url}/docs`);
    await page.locator(".opblock").first().waitFor({ state: "visible", timeout: 60_000 });
    await expect.poll(() => page.locator(".opblock").count(), { timeout: 30_000 }).toBe(operations);
    expect(await page.locator(".info .title").textContent()).toContain("Leadport API");
    expect(await page.locator(".opblock-summary-path", { hasText: "/api/v1/forms/inquiry" }).count()).toBeGreaterThan(0);
    const file = join(screenshots, "docs.png");
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(20_000);
    await page.close();
  }, BROWSER_TIMEOUT);
});
