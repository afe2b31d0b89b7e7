import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PostgresFeatureStorage } from "../../src/adapters/postgres/feature-storage.js";
import type { UnitOfWork } from "../../src/application/ports/unit-of-work.js";
import { TOKENS } from "../../src/application/tokens.js";
import { ok } from "../../src/domain/shared/result.js";
import { compose, resolveUseCases, type StorageChoice } from "../../src/hosts/container.js";
import type { FeatureModule } from "../../src/hosts/modules/feature-module.js";
import { aWorkspace } from "./fixtures.js";
import { postgresFeatureSubjects } from "./postgres-features.js";

/** A unit of work on one storage adapter with two workspaces of its own, for a feature's contract suite. */
export interface FeatureStorageSubject {
  readonly uow: UnitOfWork;
  readonly a: string;
  readonly b: string;
  readonly close: () => void | Promise<void>;
}

/**
 * The subjects of a feature's storage contract on every adapter: memory and SQLite composed as
 * the hosts compose them (with `modules`, default all), PostgreSQL on a schema of the file's own
 * with the feature's storage. Call `cleanUp` in afterAll.
 */
export function featureStorageSubjects(options: {
  readonly postgres: PostgresFeatureStorage;
  readonly modules?: readonly FeatureModule<object>[];
}): { subjects: Array<[string, () => Promise<FeatureStorageSubject>]>; cleanUp: () => Promise<void> } {
  const directories: string[] = [];
  const composed = (storage: () => StorageChoice) => async (): Promise<FeatureStorageSubject> => {
    const composition = compose({ storage: storage(), env: {}, ...(options.modules ? { modules: options.modules } : {}) });
    const useCases = resolveUseCases(composition.container);
    const a = await useCases.createWorkspace.execute("a");
    const b = await useCases.createWorkspace.execute("b");
    if (!a.ok || !b.ok) throw new Error("workspaces");
    return { uow: composition.container.resolve<UnitOfWork>(TOKENS.UnitOfWork), a: a.value.id, b: b.value.id, close: () => composition.close() };
  };
  const postgres = postgresFeatureSubjects([options.postgres]);
  return {
    subjects: [
      ["memory", composed(() => ({ kind: "memory" }))],
      [
        "sqlite",
        composed(() => {
          const dir = mkdtempSync(join(tmpdir(), `leadport-${options.postgres.feature}-store-`));
          directories.push(dir);
          return { kind: "sqlite", path: join(dir, "leadport.db") };
        }),
      ],
      [
        "PostgreSQL",
        async () => {
          const { uow, close } = postgres.open();
          const [a, b] = [aWorkspace("a"), aWorkspace("b")];
          await uow.runSystem(async (tx) => ok(await Promise.all([tx.workspaces.insert(a), tx.workspaces.insert(b)])));
          return { uow, a: a.id, b: b.id, close };
        },
      ],
    ],
    cleanUp: async () => {
      for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
      await postgres.drop();
    },
  };
}
