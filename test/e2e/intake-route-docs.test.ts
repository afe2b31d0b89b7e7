import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntakeServices } from "../../src/adapters/http/intake-services.js";
import { DEFAULT_ATTACHMENT_LIMITS } from "../../src/adapters/http/intake-services.js";
import { intakeRouteDocs, intakeRouters } from "../../src/adapters/http/intake-routes.js";
import { PARTNER_PROJECT_EXAMPLE, WEB_LEAD_EXAMPLE } from "../../src/adapters/http/vendor-compatible-routes.js";
import { startTestServer, type TestServer } from "../support/server.js";

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8"));

describe("the intake routes' documentation", () => {
  it("documents exactly the routes the intake routers register", () => {
    const routers = intakeRouters({ services: {} as IntakeServices, limits: DEFAULT_ATTACHMENT_LIMITS, logger: { error: () => undefined } });
    const registered = routers
      .flatMap((router) => router.stack.flatMap((layer) => layer.methods.filter((m) => m !== "HEAD").map((m) => `${m.toLowerCase()} ${layer.path}`)))
      .sort();
    const documented = intakeRouteDocs.map((doc) => `${doc.method} ${doc.path}`).sort();
    expect(registered.length).toBeGreaterThan(10);
    expect(documented).toEqual(registered);
  });

  it("uses the seeds' own example payloads", () => {
    expect(WEB_LEAD_EXAMPLE).toEqual(fixture("seed-001-example.json"));
    expect(PARTNER_PROJECT_EXAMPLE).toEqual(fixture("seed-002-example.json"));
  });

  it("validates each example with the documented body schema", () => {
    for (const doc of intakeRouteDocs.filter((d) => d.example !== undefined)) {
      expect(doc.body?.safeParse(doc.example).success, `${doc.method} ${doc.path}`).toBe(true);
    }
  });

  describe("against a fresh server", () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startTestServer();
    });

    afterAll(async () => {
      await server.stop();
    });

    it("accepts every documented example request", async () => {
      const withExamples = intakeRouteDocs.filter((d) => d.example !== undefined);
      expect(withExamples.length).toBeGreaterThanOrEqual(3);
      for (const doc of withExamples) {
        const response = await server.request(doc.path, {
          method: doc.method.toUpperCase(),
          key: null,
          headers: { Authorization: `Bearer ${server.key}`, "X-API-KEY": server.key },
          json: doc.example,
        });
        expect(response.status, `${doc.method} ${doc.path}`).toBe(200);
        expect((await response.json()).status).toBe("success");
      }
    });
  });
});
