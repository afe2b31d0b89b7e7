import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { MissingFeatureStoreError, featureStore } from "../../src/application/ports/feature-store.js";
import { TOKENS } from "../../src/application/tokens.js";
import type { UnitOfWork } from "../../src/application/ports/unit-of-work.js";
import { ok } from "../../src/domain/shared/result.js";
import { compose, resolveUseCases, type StorageChoice } from "../../src/hosts/container.js";
import { buildHttpApp } from "../../src/hosts/http-server.js";
import { readConfig } from "../../src/hosts/config.js";
import { runCli } from "../../src/hosts/cli.js";
import { FEATURE_MODULES } from "../../src/hosts/modules/index.js";
import { AddNote, NOTES, NOTES_SYSTEM, handledNotes, notesModule } from "../support/notes-module.js";

const modules = [...FEATURE_MODULES, notesModule];
const directories: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "leadport-modules-"));
  directories.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const storages: Array<[string, () => StorageChoice]> = [
  ["memory", () => ({ kind: "memory" })],
  ["sqlite", () => ({ kind: "sqlite", path: join(tempDir(), "leadport.db") })],
];

describe.each(storages)("a feature module's storage on %s", (_name, storage) => {
  it("is offered by the transaction, bound to the workspace, and rolled back with the use case", async () => {
    const composition = compose({ storage: storage(), modules });
    try {
      const useCases = resolveUseCases(composition.container);
      const a = await useCases.createWorkspace.execute("a");
      const b = await useCases.createWorkspace.execute("b");
      if (!a.ok || !b.ok) throw new Error("workspaces");
      const addNote = composition.container.resolve(AddNote);
      expect((await addNote.execute(a.value.id, "first")).ok).toBe(true);
      expect((await addNote.execute(a.value.id, "bad one")).ok).toBe(false);
      expect((await addNote.execute(b.value.id, "other")).ok).toBe(true);

      const unitOfWork = composition.container.resolve<UnitOfWork>(TOKENS.UnitOfWork);
      const notesOfA = await unitOfWork.read(a.value.id, async (tx) => ok(await tx.use(NOTES).list()));
      expect(notesOfA.ok && notesOfA.value.map((note) => note.text)).toEqual(["first"]);
      const total = await unitOfWork.readSystem(async (tx) => ok(await tx.use(NOTES_SYSTEM).countAll()));
      expect(total.ok && total.value).toBe(2);
    } finally {
      composition.close();
    }
  });

  it("refuses a store no module bound, naming it", async () => {
    const composition = compose({ storage: storage(), modules });
    try {
      const unitOfWork = composition.container.resolve<UnitOfWork>(TOKENS.UnitOfWork);
      await expect(unitOfWork.readSystem(async (tx) => ok(tx.use(featureStore<unknown>("nobody.system"))))).rejects.toThrow(MissingFeatureStoreError);
    } finally {
      composition.close();
    }
  });
});

describe("a feature module's migrations", () => {
  it("run once on open, recorded under the feature's name, and readiness waits for them", async () => {
    const path = join(tempDir(), "leadport.db");
    compose({ storage: { kind: "sqlite", path } }).close();
    const behind = compose({ storage: { kind: "sqlite", path }, modules, migrate: false });
    expect(behind.sqlite!.readiness()).toMatch(/notes schema is at version 0, this version needs 1/);
    behind.close();

    const out: string[] = [];
    const code = await runCli(["--db", path, "migrate"], { out: (t) => out.push(t), err: (t) => out.push(t), env: {} }, modules);
    expect(code).toBe(0);
    expect(out.join("")).toContain("Applied notes migration 1");

    const current = compose({ storage: { kind: "sqlite", path }, modules });
    expect(current.sqlite!.readiness()).toBeNull();
    current.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT feature, version FROM feature_migrations WHERE feature = 'notes'").all()).toEqual([{ feature: "notes", version: 1 }]);
    db.close();
  });
});

describe("the hosts wire a module's routes, commands, library section and outbox handlers", () => {
  it("mounts its routes with their docs, and its outbox handler receives its events", async () => {
    handledNotes.length = 0;
    const composition = compose({ storage: { kind: "memory" }, modules });
    const useCases = resolveUseCases(composition.container);
    const config = readConfig({ LEADPORT_API_RATE_PER_KEY: "off", LEADPORT_API_RATE_PER_IP: "off", LEADPORT_AUTH_FAILURES_PER_IP: "off" });
    const { app } = buildHttpApp(useCases, config, composition.notifications.feed, { error: () => undefined }, undefined, undefined, composition);
    const server: Server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const issued = await useCases.bootstrap.execute();
      if (!issued.ok || !issued.value) throw new Error("bootstrap");
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const created = await fetch(`${url}/api/v1/notes/hello`, { method: "POST", headers: { authorization: `Bearer ${issued.value.plainKey}` } });
      expect(created.status).toBe(201);
      const reference = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(reference.paths)).toContain("/api/v1/notes/{text}");

      await useCases.dispatchOutbox.execute();
      expect(handledNotes).toEqual(["hello"]);
    } finally {
      server.close();
      composition.close();
    }
  });

  it("runs its command in the CLI", async () => {
    const path = join(tempDir(), "leadport.db");
    const out: string[] = [];
    const code = await runCli(["--db", path, "notes", "from-cli"], { out: (t) => out.push(t), err: () => undefined, env: {} }, modules);
    expect(code).toBe(0);
    expect(out.join("")).toBe("added from-cli\n");
  });
});
