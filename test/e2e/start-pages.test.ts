import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HTTP_STATUS } from "../../src/adapters/http/problem.js";
import { PROBLEM_CATALOG } from "../../src/adapters/http/start-pages.js";
import { startTestServer, type TestServer } from "../support/server.js";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));
const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Every problem code the source can answer with: `HttpProblem(status, "code"` and subclasses' `super(status, "code"`. */
function codesInSource(): string[] {
  const codes = new Set<string>(Object.keys(HTTP_STATUS));
  const files = readdirSync(SRC, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith(".ts"));
  for (const file of files) {
    const text = readFileSync(join(file.parentPath, file.name), "utf8");
    for (const match of text.matchAll(/(?:HttpProblem|super)\(\s*\d{3},\s*"([a-z_]+)"/g)) codes.add(match[1]!);
  }
  return [...codes].sort();
}

describe("the start page and the error-code page", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it("shows a start page with the version and links to the reference, and a JSON index to JSON clients", async () => {
    const html = await fetch(`${server.url}/`, { headers: { Accept: "text/html" } });
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toContain("text/html");
    const text = await html.text();
    expect(text).toContain(`Leadport ${VERSION}`);
    for (const link of ['href="/docs"', 'href="/openapi.json"', 'href="/docs/problems"']) expect(text).toContain(link);
    expect(text).toContain("First steps");

    const json = await fetch(`${server.url}/`, { headers: { Accept: "application/json" } });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ name: "Leadport", version: VERSION, links: { docs: "/docs", openapi: "/openapi.json" } });
  });

  it("explains every error code the server can answer with, at the anchor its type names", async () => {
    const codes = codesInSource();
    expect(codes.length).toBeGreaterThan(15);
    expect(codes.filter((code) => !PROBLEM_CATALOG.has(code))).toEqual([]);

    const missing = (await (await fetch(`${server.url}/api/v1/nothing-here`)).json()) as { type: string };
    expect(missing.type).toBe("/docs/problems#not_found");
    const page = await fetch(new URL(missing.type, server.url));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    for (const code of codes) expect(html, code).toContain(`id="${code}"`);
    expect(html).toContain("Cause:");
    expect(html).toContain("Fix:");
  });

  it("writes every problem detail as one capitalised sentence ending with a period", async () => {
    const answers = await Promise.all([
      server.request("/api/v1/nothing-here"),
      server.request("/api/v1/inquiries/no-such-id"),
      server.request("/api/v1/inquiries", { method: "POST", json: { contact: { email: "kaputt" }, probability: 150 } }),
      server.request("/api/v1/inquiries", { key: null }),
      server.request("/api/v1/inquiries", { key: "lp_live_wrong" }),
    ]);
    const details = await Promise.all(answers.map(async (answer) => ((await answer.json()) as { detail: string }).detail));
    for (const detail of details) expect(detail).toMatch(/^[A-Z].*[.!?]$/s);
    expect(details[1]).toBe("Inquiry not found.");
    expect(details[2]).toContain("contact.email");
  });

  it("reports the package version in the API reference", async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as { info: { version: string } };
    expect(document.info.version).toBe(VERSION);
  });
});
