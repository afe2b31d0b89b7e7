import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UnitOfWork } from "../../src/application/ports/unit-of-work.js";
import { TOKENS } from "../../src/application/tokens.js";
import { createHttpApp } from "../../src/adapters/http/app.js";
import { DEFAULT_ATTACHMENT_LIMITS } from "../../src/adapters/http/intake-services.js";
import { intakeRouters } from "../../src/adapters/http/intake-routes.js";
import { compose, resolveUseCases, type Composition } from "../../src/hosts/container.js";

const SECRET_DETAIL = "disk I/O error at /var/lib/leadport/leadport.db";

/** Authentication works (system transactions), every workspace transaction fails like a broken database. */
function brokenWorkspaceStorage(real: UnitOfWork): UnitOfWork {
  return {
    runSystem: (work) => real.runSystem(work),
    readSystem: (work) => real.readSystem(work),
    run: async () => {
      throw new Error(SECRET_DETAIL);
    },
    read: async () => {
      throw new Error(SECRET_DETAIL);
    },
  };
}

describe("seed endpoints when storage fails", () => {
  let composition: Composition;
  let server: Server;
  let url: string;
  let key: string;
  const logged: unknown[] = [];

  beforeAll(async () => {
    composition = compose({ storage: { kind: "memory" } });
    const real = composition.container.resolve<UnitOfWork>(TOKENS.UnitOfWork);
    composition.container.registerInstance(TOKENS.UnitOfWork, brokenWorkspaceStorage(real));
    const useCases = resolveUseCases(composition.container);
    const issued = await useCases.bootstrap.execute();
    if (!issued.ok || !issued.value) throw new Error("no key issued");
    key = issued.value.plainKey;
    const logger = { error: (details: Record<string, unknown>) => void logged.push(details.err) };
    const app = createHttpApp({ logger, routers: intakeRouters({ services: useCases, limits: DEFAULT_ATTACHMENT_LIMITS, logger }) });
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    composition.close();
  });

  it("answers 500 in the seed's shape, leaks nothing and logs the cause", async () => {
    const requests: Array<[string, Record<string, string>, string]> = [
      ["/api/v1/lead.php", { "X-API-KEY": key }, JSON.stringify({ type: "ticket", email: "a@example.org", message: "x" })],
      ["/api/v1/lead", { "X-API-KEY": key }, JSON.stringify({ type: "order", email: "a@example.org", total: 1 })],
      ["/api/v1/Projects/create", { Authorization: `Bearer ${key}` }, JSON.stringify({ customer: { email: "a@example.org" } })],
    ];
    for (const [path, headers, body] of requests) {
      logged.length = 0;
      const response = await fetch(`${url}${path}`, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body });
      expect(response.status, path).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ status: "error", message: "Internal server error." });
      expect(text).not.toContain("disk");
      expect(logged).toHaveLength(1);
      expect(String(logged[0])).toContain(SECRET_DETAIL);
    }
  });
});
