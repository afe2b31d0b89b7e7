import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../src/hosts/config.js";
import { buildHttpApp, startHttpServer } from "../../src/hosts/http-server.js";
import { compose, resolveUseCases } from "../../src/hosts/container.js";
import { runLeadport } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

const INQUIRY = { title: "Dachsanierung", contact: { name: "Max Mustermann", email: "max@example.org" } };
const SITE = "https://www.example-dachdecker.de";

describe("Idempotency-Key on creating requests", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_FORM_RATE_PER_IP: "off", LEADPORT_FORM_RATE_PER_KEY: "off" });
  });

  afterAll(async () => {
    await server.stop();
  });

  const count = async (query: string) => (await (await server.request(`/api/v1/inquiries?${query}`)).json()).items.length as number;

  it("replays the first answer to a retry and creates nothing twice", async () => {
    const send = () => server.request("/api/v1/inquiries", { method: "POST", json: { ...INQUIRY, title: "Replay" }, headers: { "Idempotency-Key": "replay-1" } });
    const first = await send();
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotency-replayed")).toBeNull();
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotency-replayed")).toBe("true");
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(await again.json()).toEqual(await first.json());
    expect(await count("q=Replay")).toBe(1);
  });

  it("refuses the same key with a different body with 422 naming the header", async () => {
    const headers = { "Idempotency-Key": "mismatch-1" };
    expect((await server.request("/api/v1/inquiries", { method: "POST", json: { ...INQUIRY, title: "Erste" }, headers })).status).toBe(201);
    const other = await server.request("/api/v1/inquiries", { method: "POST", json: { ...INQUIRY, title: "Zweite" }, headers });
    expect(other.status).toBe(422);
    const problem = await other.json();
    expect(problem.code).toBe("idempotency_key_reused");
    expect(problem.errors[0].path).toBe("Idempotency-Key");
    expect(await count("q=Zweite")).toBe(0);
  });

  it("keeps keys per workspace: another workspace's key with the same Idempotency-Key creates its own record", async () => {
    const env = { LEADPORT_DATA_DIR: server.dataDir };
    await runLeadport(["workspaces", "create", "nachbar"], env);
    const other = (await runLeadport(["keys", "create", "--name", "n", "--workspace", "nachbar"], env)).stdout.trim().split("\n").pop()!;
    const headers = { "Idempotency-Key": "shared-1" };
    const mine = await server.request("/api/v1/inquiries", { method: "POST", json: INQUIRY, headers });
    const theirs = await server.request("/api/v1/inquiries", { method: "POST", json: INQUIRY, headers, key: other });
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get("idempotency-replayed")).toBeNull();
    expect((await theirs.json()).id).not.toBe((await mine.json()).id);
  });

  it("refuses a malformed key with 400", async () => {
    const response = await server.request("/api/v1/inquiries", { method: "POST", json: INQUIRY, headers: { "Idempotency-Key": "x".repeat(256) } });
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe("invalid_idempotency_key");
  });

  it("replays lead.php and keeps its reply shape; a different body is refused in the seed's shape", async () => {
    const body = JSON.stringify({ type: "ticket", email: "lead@example.org", subject: "Leadphp", message: "Bitte um Rückruf" });
    const send = (payload: string) =>
      fetch(`${server.url}/api/v1/lead.php`, { method: "POST", body: payload, headers: { "X-API-KEY": server.key, "Idempotency-Key": "lead-1" } });
    const first = await send(body);
    const again = await send(body);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotency-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    const tickets = (await (await server.request("/api/v1/tickets")).json()).items.filter((t: { subject?: string }) => t.subject === "Leadphp");
    expect(tickets).toHaveLength(1);
    const mismatch = await send(body.replace("Rückruf", "Angebot"));
    expect(mismatch.status).toBe(422);
    expect(await mismatch.json()).toMatchObject({ status: "error" });
  });

  it("replays Projects/create with the same project id", async () => {
    const body = JSON.stringify({ customer: { email: "projekt@example.org", last_name: "Projekt" }, measure: "DOG" });
    const send = () =>
      fetch(`${server.url}/api/v1/Projects/create`, {
        method: "POST",
        body,
        headers: { Authorization: `Bearer ${server.key}`, "Content-Type": "application/json", "Idempotency-Key": "project-1" },
      });
    const first = (await (await send()).json()) as { status: string };
    const retry = await send();
    expect(retry.headers.get("idempotency-replayed")).toBe("true");
    expect(await retry.json()).toEqual(first);
    expect(first.status).toBe("success");
    expect(await count("q=projekt%40example.org")).toBe(1);
  });

  it("replays the contact form's answer", async () => {
    const env = { LEADPORT_DATA_DIR: server.dataDir };
    const run = await runLeadport(["keys", "create", "--name", "Website", "--publishable", "--origin", SITE], env);
    const key = run.stdout.trim().split("\n").pop()!;
    const send = () =>
      fetch(`${server.url}/api/v1/forms/inquiry`, {
        method: "POST",
        body: JSON.stringify({ key, name: "Formular Person", email: "formular@example.org", message: "Hallo" }),
        headers: { "Content-Type": "application/json", Origin: SITE, "Idempotency-Key": "form-1" },
      });
    expect((await send()).status).toBe(201);
    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotency-replayed")).toBe("true");
    expect(await count("q=formular%40example.org")).toBe(1);
  });
});

describe("Idempotency-Key while the first request still runs", () => {
  it("answers 409 to a retry racing the first attempt, then replays once it finished", async () => {
    const composition = compose({ storage: { kind: "memory" } });
    const useCases = resolveUseCases(composition.container);
    const issued = await useCases.bootstrap.execute();
    if (!issued.ok || !issued.value) throw new Error("no key issued");
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const realCreate = useCases.createInquiry;
    const slowCreate = Object.assign(Object.create(realCreate), {
      execute: async (...args: Parameters<typeof realCreate.execute>) => {
        await held;
        return realCreate.execute(...args);
      },
    }) as typeof realCreate;
    const config = readConfig({});
    const { app } = buildHttpApp({ ...useCases, createInquiry: slowCreate }, config, composition.notifications.feed, { error: () => {} }, undefined, undefined, composition);
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/inquiries`;
    const send = () =>
      fetch(url, {
        method: "POST",
        body: JSON.stringify(INQUIRY),
        headers: { Authorization: `Bearer ${issued.value!.plainKey}`, "Content-Type": "application/json", "Idempotency-Key": "slow-1" },
      });
    try {
      const first = send();
      // Give the first request time to claim the key.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const racing = await send();
      expect(racing.status).toBe(409);
      expect(((await racing.json()) as { code: string }).code).toBe("idempotency_request_in_flight");
      expect(racing.headers.get("retry-after")).toBe("1");
      release();
      expect((await first).status).toBe(201);
      const after = await send();
      expect(after.status).toBe(201);
      expect(after.headers.get("idempotency-replayed")).toBe("true");
    } finally {
      release();
      await new Promise((resolve) => server.close(resolve));
      composition.close();
    }
  });
});

describe("Idempotency-Key across a restart", () => {
  it("replays an answer given before the server restarted on the same data directory", async () => {
    const root = mkdtempSync(join(tmpdir(), "leadport-idem-"));
    const config = readConfig({ LEADPORT_DATA_DIR: join(root, "data"), PORT: "0" });
    const output: string[] = [];
    const options = { print: (line: string) => void output.push(line), printError: (line: string) => void output.push(line) };
    const send = (url: string, key: string) =>
      fetch(`${url}/api/v1/inquiries`, {
        method: "POST",
        body: JSON.stringify(INQUIRY),
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "Idempotency-Key": "restart-1" },
      });
    try {
      const first = await startHttpServer(config, options);
      const key = output.join("\n").match(/lp_live_[\w-]+/)![0];
      const created = await send(first.url, key);
      expect(created.status).toBe(201);
      const body = await created.json();
      await first.close();

      const second = await startHttpServer(config, options);
      try {
        const retry = await send(second.url, key);
        expect(retry.status).toBe(201);
        expect(retry.headers.get("idempotency-replayed")).toBe("true");
        expect(await retry.json()).toEqual(body);
        const list = (await (await fetch(`${second.url}/api/v1/inquiries`, { headers: { Authorization: `Bearer ${key}` } })).json()) as { items: unknown[] };
        expect(list.items).toHaveLength(1);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
