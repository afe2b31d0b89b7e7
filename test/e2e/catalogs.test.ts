import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/hosts/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { dataDirEnv, queryDatabase } from "../support/test-database.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("managing statuses and sources", () => {
  let server: TestServer;
  let otherKey: string;
  const env = () => dataDirEnv(server.dataDir);

  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await runCli(argv, { out: (text) => (out += text), err: (text) => (err += text), env: env() });
    return { code, out, err };
  }

  const json = async (path: string, init: Parameters<TestServer["request"]>[1] = {}) => {
    const response = await server.request(path, init);
    return { status: response.status, body: (await response.json()) as Json };
  };
  const create = async (fields: Json, key?: string): Promise<Json> => {
    const created = await json("/api/v1/inquiries", { method: "POST", key, json: { contact: { name: "Otto Normal" }, ...fields } });
    expect(created.status).toBe(201);
    return created.body;
  };
  const get = async (id: string): Promise<Json> => (await json(`/api/v1/inquiries/${id}`)).body;
  const names = async (catalog: string): Promise<string[]> => (await json(`/api/v1/${catalog}`)).body.items.map((e: Json) => e.name);
  const outboxTypes = async (): Promise<string[]> =>
    (await queryDatabase<{ type: string }>(join(server.dataDir, "leadport.db"), "SELECT type FROM outbox ORDER BY id")).map((row) => row.type);

  beforeAll(async () => {
    server = await startTestServer();
    expect((await cli("workspaces", "create", "nachbar")).code).toBe(0);
    otherKey = (await cli("keys", "create", "--name", "n", "--workspace", "nachbar")).out.trim().split("\n").pop()!;
  });

  afterAll(async () => {
    await server.stop();
  });

  it("renames a status with its inquiries and refuses a name another status has", async () => {
    const typo = await create({ title: "Tippfehler", status: "Gewonen" });
    const renamed = await json("/api/v1/statuses/gewonen", { method: "PATCH", json: { name: "Zugesagt" } });
    expect(renamed).toMatchObject({ status: 200, body: { entry: { name: "Zugesagt" }, inquiriesUpdated: 1 } });
    expect((await get(typo.id)).status).toBe("Zugesagt");
    expect(await outboxTypes()).toContain("CatalogEntryChanged");

    const taken = await json(`/api/v1/statuses/${renamed.body.entry.id}`, { method: "PATCH", json: { name: "gewonnen" } });
    expect(taken.status).toBe(409);
    expect(taken.body.errors[0].path).toBe("name");
    const empty = await json(`/api/v1/statuses/${renamed.body.entry.id}`, { method: "PATCH", json: { name: " " } });
    expect([empty.status, empty.body.errors[0].path]).toEqual([400, "name"]);
  });

  it("merges a status into a won one: the inquiries move, probability becomes 100, the old status is gone", async () => {
    const inquiry = await create({ title: "Zusage", status: "Auftrag erteilt", probability: 70 });
    const merged = await json("/api/v1/statuses/Auftrag erteilt/merge", { method: "POST", json: { into: "Gewonnen" } });
    expect(merged).toMatchObject({ status: 200, body: { into: { name: "Gewonnen", isWon: true }, inquiriesMoved: 1 } });
    const after = await get(inquiry.id);
    expect([after.status, after.probability, after.wonAt !== null]).toEqual(["Gewonnen", 100, true]);
    expect(await names("statuses")).not.toContain("Auftrag erteilt");
    expect(await outboxTypes()).toEqual(expect.arrayContaining(["CatalogEntryMerged", "InquiryWon"]));
    const self = await json("/api/v1/statuses/Gewonnen/merge", { method: "POST", json: { into: "gewonnen" } });
    expect([self.status, self.body.errors[0].path]).toEqual([400, "into"]);
  });

  it("deletes a used source only with moveTo, and an unused one without", async () => {
    const inquiry = await create({ title: "Messe", source: "Messe 2026" });
    const refused = await json("/api/v1/sources/Messe 2026", { method: "DELETE" });
    expect([refused.status, refused.body.errors[0].path]).toEqual([409, "moveTo"]);
    expect(await names("sources")).toContain("Messe 2026");

    const unknownTarget = await json("/api/v1/sources/Messe 2026?moveTo=Nirgendwo", { method: "DELETE" });
    expect([unknownTarget.status, unknownTarget.body.errors[0].path]).toEqual([400, "moveTo"]);

    const moved = await json("/api/v1/sources/Messe 2026?moveTo=Empfehlung", { method: "DELETE" });
    expect(moved).toMatchObject({ status: 200, body: { inquiriesMoved: 1 } });
    expect((await get(inquiry.id)).source).toBe("Empfehlung");
    expect(await names("sources")).not.toContain("Messe 2026");

    await create({ title: "Einmal", source: "Flyer" });
    expect((await json("/api/v1/sources/Flyer?moveTo=Website", { method: "DELETE" })).status).toBe(200);
    expect((await json("/api/v1/sources/Flyer", { method: "DELETE" })).status).toBe(404);
    expect(await outboxTypes()).toContain("CatalogEntryDeleted");
  });

  it("sets a source's weight and rescores its inquiries; statuses have no weight", async () => {
    const portal = await create({ title: "Portal", source: "MyHammer" });
    const listed = (await json("/api/v1/sources")).body.items.find((e: Json) => e.name === "MyHammer");
    expect(listed.scoreWeight).toBeNull();
    const weighed = await json("/api/v1/sources/MyHammer", { method: "PATCH", json: { scoreWeight: 1 } });
    expect(weighed).toMatchObject({ status: 200, body: { entry: { scoreWeight: 1 }, inquiriesUpdated: 1 } });
    expect((await get(portal.id)).leadScore).toBeGreaterThan(portal.leadScore);
    const next = await create({ title: "Portal 2", source: "myhammer" });
    expect(next.leadScore).toBe((await get(portal.id)).leadScore);

    const bad = await json("/api/v1/sources/MyHammer", { method: "PATCH", json: { scoreWeight: 1.5 } });
    expect([bad.status, bad.body.errors[0].path]).toEqual([400, "scoreWeight"]);
    const status = await json("/api/v1/statuses/Neu", { method: "PATCH", json: { scoreWeight: 1 } });
    expect([status.status, status.body.errors[0].path]).toEqual([400, "scoreWeight"]);
  });

  it("reorders a catalog and shows each entry's position", async () => {
    const moved = await json("/api/v1/statuses/Verloren", { method: "PATCH", json: { position: 1 } });
    expect(moved.status).toBe(200);
    const items = (await json("/api/v1/statuses")).body.items as Json[];
    expect(items[0]).toMatchObject({ name: "Verloren", position: 1 });
    expect(items.map((e) => e.position)).toEqual(items.map((_, index) => index + 1));
  });

  it("keeps each workspace's catalog to itself", async () => {
    const theirs = (await json("/api/v1/statuses", { key: otherKey })).body.items[0];
    expect((await json(`/api/v1/statuses/${theirs.id}`, { method: "PATCH", json: { name: "Gekapert" } })).status).toBe(404);
    expect((await json(`/api/v1/statuses/${theirs.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await json("/api/v1/statuses", { key: otherKey })).body.items[0].name).toBe(theirs.name);
  });

  it("does the same from the command line", async () => {
    await create({ title: "Kommandozeile", source: "Aushang", status: "Rückruf" });
    expect(await cli("sources", "set-weight", "Aushang", "0,9")).toMatchObject({ code: 0, out: 'Source "Aushang" weighs 0,9; 1 inquiries updated.\n' });
    expect(await cli("statuses", "rename", "Rückruf", "Rückruf vereinbart")).toMatchObject({ code: 0 });
    expect(await cli("statuses", "move", "Rückruf vereinbart", "2")).toMatchObject({ code: 0 });
    const list = await cli("statuses", "list");
    expect(list.out.split("\n")[1]).toMatch(/^ {2}2\. Rückruf vereinbart {2}/);
    expect((await cli("sources", "list")).out).toContain("Aushang  weight 0.9");

    const refused = await cli("statuses", "delete", "Rückruf vereinbart");
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("moveTo");
    expect(await cli("statuses", "delete", "Rückruf vereinbart", "--move-to", "In Bearbeitung")).toMatchObject({ code: 0, out: expect.stringContaining("1 inquiries moved") });
    expect(await cli("statuses", "merge", "In Bearbeitung", "Neu")).toMatchObject({ code: 0 });
    expect((await cli("sources", "set-weight", "Aushang", "viel")).code).toBe(2);
    expect((await cli("statuses", "set-weight", "Neu", "1")).code).not.toBe(0);
  });
});
