import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually } from "../support/smtp-sink.js";

/*
 * What a browser gets for a link that does not open its page: always a readable HTML page with
 * the right status, never problem+json. Time is moved by hand to expire a link.
 */
describe("record page links that do not open", () => {
  const clock = new ManualClock(new Date("2026-11-25T09:00:00Z"));
  let server: TestServer;
  let inquiryId = "";
  let link = "";

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_OUTBOX_POLL_MS: "50", LEADPORT_LINK_TTL_DAYS: "3" }, { clock });
    const anna = await (await server.request("/api/v1/staff", { method: "POST", json: { name: "Anna", email: "anna@firma.example" } })).json();
    inquiryId = (await (await server.request("/api/v1/inquiries", { method: "POST", json: { contact: { name: "Otto Normal" } } })).json()).id;
    const pageUrl: string = await eventually(async () => {
      const items = (await (await server.request(`/api/v1/staff/${anna.id}/notifications`)).json()).items;
      return items[0]?.pageUrl ?? null;
    }, "the notification");
    const url = new URL(pageUrl);
    link = `${url.pathname}${url.search}`;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const page = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${server.url}${path}`, { redirect: "manual", ...init });
    return { status: response.status, type: response.headers.get("content-type") ?? "", headers: response.headers, html: await response.text() };
  };

  it("opens the page without an API key, as HTML that leaks the link to no one", async () => {
    const opened = await page(link);
    expect(opened.status).toBe(200);
    expect(opened.type).toContain("text/html");
    expect(opened.html).toContain("Anfrage von Otto Normal");
    expect(opened.headers.get("referrer-policy")).toBe("same-origin");
    expect(opened.headers.get("cache-control")).toBe("no-store");
    expect(opened.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(opened.html).not.toMatch(/<script|style=/);
  });

  it("refuses a tampered link with 403 and a clear page", async () => {
    const tampered = link.replace(/t=rl1\.([^.]+)\.([^.]+)/, (_all, ws: string, staff: string) => `t=rl1.${ws}.${staff.slice(0, -1)}x`);
    expect(tampered).not.toBe(link);
    const refused = await page(tampered);
    expect(refused.status).toBe(403);
    expect(refused.type).toContain("text/html");
    expect(refused.html).toContain("Link ungültig");
    expect((await page(`/app/inquiries/${inquiryId}?t=garbage`)).status).toBe(403);
    expect((await page(`/app/inquiries/${inquiryId}`)).status).toBe(403);
  });

  it("refuses the link on another record's page with 403", async () => {
    const other = await page(link.replace(`/app/inquiries/${inquiryId}`, "/app/inquiries/01999999-0000-7000-8000-000000000000"));
    expect(other.status).toBe(403);
    expect(other.html).toContain("anderen Eintrag");
    expect((await page(link.replace("/app/inquiries/", "/app/orders/"))).status).toBe(403);
  });

  it("refuses an action from another site, and a forged token in the form", async () => {
    const token = new URLSearchParams(link.split("?")[1]).get("t")!;
    const form = (t: string) => new URLSearchParams({ t, action: "status", value: "Gewonnen" }).toString();
    const headers = { "Content-Type": "application/x-www-form-urlencoded" };
    const crossSite = await page(`/app/inquiries/${inquiryId}`, { method: "POST", headers: { ...headers, Origin: "https://evil.example" }, body: form(token) });
    expect(crossSite.status).toBe(403);
    expect(crossSite.html).toContain("Nicht erlaubt");
    const crossSiteFetch = await page(`/app/inquiries/${inquiryId}`, { method: "POST", headers: { ...headers, "Sec-Fetch-Site": "cross-site" }, body: form(token) });
    expect(crossSiteFetch.status).toBe(403);
    const forged = await page(`/app/inquiries/${inquiryId}`, { method: "POST", headers, body: form(`${token.slice(0, -2)}zz`) });
    expect(forged.status).toBe(403);
    const typo = await page(`/app/inquiries/${inquiryId}`, { method: "POST", headers: { ...headers, Origin: server.url }, body: new URLSearchParams({ t: token, action: "status", value: "Gewonen" }).toString() });
    expect(typo.status).toBe(400);
    expect(typo.html).toContain("known statuses");
    expect((await (await server.request(`/api/v1/inquiries/${inquiryId}`)).json()).status).toBe("Neu");
  });

  it("shows an expired link as 410 Gone with a clear page, after LEADPORT_LINK_TTL_DAYS", async () => {
    clock.advance(3 * 24 * 60 * 60 * 1000 - 60_000);
    expect((await page(link)).status).toBe(200);
    clock.advance(60_000);
    const expired = await page(link);
    expect(expired.status).toBe(410);
    expect(expired.type).toContain("text/html");
    expect(expired.html).toContain("Link abgelaufen");
  });
});
