import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLeadport } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const valueMaxPoints = (inquiry: Json): number => inquiry.leadScoreReasons.find((reason: Json) => reason.rule === "value").maxPoints;

describe("score weights over HTTP on a real listening server", () => {
  let server: TestServer;
  let otherKey: string;

  beforeAll(async () => {
    server = await startTestServer();
    const env = { LEADPORT_DATA_DIR: server.dataDir };
    expect((await runLeadport(["workspaces", "create", "nachbar"], env)).code).toBe(0);
    otherKey = (await runLeadport(["keys", "create", "--name", "Nachbar", "--workspace", "nachbar"], env)).stdout.trim().split("\n").pop()!;
  });

  afterAll(async () => {
    await server.stop();
  });

  const inquiry = async (title: string, key?: string): Promise<Json> => {
    const response = await server.request("/api/v1/inquiries", {
      method: "POST",
      key,
      json: { title, contact: { name: "Max Mustermann", email: `${title.toLowerCase()}@example.org` }, expectedValue: 5000, probability: 40 },
    });
    expect(response.status).toBe(201);
    return response.json();
  };

  it("changes the weights, scores the next inquiry with them and rescores the old ones, in this workspace only", async () => {
    const old = await inquiry("Vorher");
    const neighbours = await inquiry("Nachbar", otherKey);
    expect(valueMaxPoints(old)).toBe(20);

    const defaults = await server.request("/api/v1/settings/score-weights");
    expect(await defaults.json()).toEqual({ contact: 20, value: 20, probability: 20, urgency: 15, budget: 10, start: 10, source: 5, valueCeilingEuros: 100000 });

    const patched = await server.request("/api/v1/settings/score-weights", { method: "PATCH", json: { value: 80, valueCeilingEuros: 10000 } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ value: 80, contact: 20, valueCeilingEuros: 10000 });
    expect(await (await server.request("/api/v1/settings/score-weights")).json()).toMatchObject({ value: 80 });

    const next = await inquiry("Nachher");
    expect(valueMaxPoints(next)).toBe(50);
    expect(next.leadScore).toBeGreaterThan(old.leadScore);

    const rescore = await server.request("/api/v1/settings/score-weights/rescore", { method: "POST" });
    expect(rescore.status).toBe(200);
    expect(await rescore.json()).toEqual({ scanned: 2, changed: 1 });
    const rescored = (await (await server.request(`/api/v1/inquiries/${old.id}`)).json()) as Json;
    expect(valueMaxPoints(rescored)).toBe(50);
    expect(rescored.leadScore).toBe(next.leadScore);
    expect(rescored.updatedAt > old.updatedAt).toBe(true);

    expect(await (await server.request("/api/v1/settings/score-weights", { key: otherKey })).json()).toMatchObject({ value: 20 });
    expect(await (await server.request(`/api/v1/inquiries/${neighbours.id}`, { key: otherKey })).json()).toEqual(neighbours);
    const otherRescore = await server.request("/api/v1/settings/score-weights/rescore", { method: "POST", key: otherKey });
    expect(await otherRescore.json()).toEqual({ scanned: 1, changed: 0 });
  });

  it("answers 400 problem+json naming unknown and invalid fields, and changes nothing", async () => {
    const before = await (await server.request("/api/v1/settings/score-weights")).json();
    const response = await server.request("/api/v1/settings/score-weights", { method: "PATCH", json: { colour: 1, leadScore: 3, urgency: "high" } });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = await response.json();
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: "colour", message: "is not a known field" },
        { path: "leadScore", message: "is read-only" },
        expect.objectContaining({ path: "urgency" }),
      ]),
    );
    const negative = await server.request("/api/v1/settings/score-weights", { method: "PATCH", json: { budget: -1 } });
    expect((await negative.json()).errors).toEqual([{ path: "budget", message: "must be a finite number of 0 or more" }]);
    const allOff = await server.request("/api/v1/settings/score-weights", {
      method: "PATCH",
      json: { contact: 0, value: 0, probability: 0, urgency: 0, budget: 0, start: 0, source: 0 },
    });
    expect(allOff.status).toBe(400);
    expect((await allOff.json()).errors).toEqual([expect.objectContaining({ path: "weights" })]);
    expect(await (await server.request("/api/v1/settings/score-weights")).json()).toEqual(before);
  });

  it("needs a secret key", async () => {
    expect((await server.request("/api/v1/settings/score-weights", { key: null })).status).toBe(401);
    expect((await server.request("/api/v1/settings/score-weights/rescore", { method: "POST", key: "lp_live_wrong" })).status).toBe(403);
  });
});
