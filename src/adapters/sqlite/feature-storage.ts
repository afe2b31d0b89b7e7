import type Database from "better-sqlite3";
import { MissingFeatureStoreError, type FeatureStore } from "../../application/ports/feature-store.js";
import type { Migration } from "./migrations.js";
import type { SqliteDatabase } from "./sqlite-database.js";

/** Builds a feature's repositories on the connection of the transaction that asks for them. */
export interface SqliteWorkspaceStoreBinding {
  readonly store: FeatureStore<unknown>;
  readonly build: (database: SqliteDatabase, workspaceId: string) => unknown;
}

export interface SqliteSystemStoreBinding {
  readonly store: FeatureStore<unknown>;
  readonly build: (database: SqliteDatabase) => unknown;
}

/**
 * One feature's share of the SQLite adapter: its own migration history (versions 1, 2, … of
 * this feature alone, recorded in `feature_migrations`) and the factories of its repositories.
 */
export interface SqliteFeatureStorage {
  readonly feature: string;
  readonly migrations: readonly Migration[];
  readonly workspaceStores?: readonly SqliteWorkspaceStoreBinding[];
  readonly systemStores?: readonly SqliteSystemStoreBinding[];
}

export function sqliteWorkspaceStore<R>(store: FeatureStore<R>, build: (database: SqliteDatabase, workspaceId: string) => R): SqliteWorkspaceStoreBinding {
  return { store, build };
}

export function sqliteSystemStore<R>(store: FeatureStore<R>, build: (database: SqliteDatabase) => R): SqliteSystemStoreBinding {
  return { store, build };
}

/** Looks a store up by name for a transaction; built once per transaction, on first use. */
export class SqliteFeatureStores {
  private readonly workspace = new Map<string, SqliteWorkspaceStoreBinding["build"]>();
  private readonly system = new Map<string, SqliteSystemStoreBinding["build"]>();

  constructor(features: readonly SqliteFeatureStorage[]) {
    for (const feature of features) {
      for (const binding of feature.workspaceStores ?? []) addOnce(this.workspace, binding.store.name, binding.build);
      for (const binding of feature.systemStores ?? []) addOnce(this.system, binding.store.name, binding.build);
    }
  }

  forWorkspace(database: SqliteDatabase, workspaceId: string): <R>(store: FeatureStore<R>) => R {
    const built = new Map<string, unknown>();
    return <R>(store: FeatureStore<R>): R => {
      if (!built.has(store.name)) {
        const build = this.workspace.get(store.name);
        if (!build) throw new MissingFeatureStoreError(store.name, "workspace");
        built.set(store.name, build(database, workspaceId));
      }
      return built.get(store.name) as R;
    };
  }

  forSystem(database: SqliteDatabase): <R>(store: FeatureStore<R>) => R {
    const built = new Map<string, unknown>();
    return <R>(store: FeatureStore<R>): R => {
      if (!built.has(store.name)) {
        const build = this.system.get(store.name);
        if (!build) throw new MissingFeatureStoreError(store.name, "system");
        built.set(store.name, build(database));
      }
      return built.get(store.name) as R;
    };
  }
}

function addOnce<T>(map: Map<string, T>, name: string, value: T): void {
  if (map.has(name)) throw new Error(`two features bind the store "${name}"`);
  map.set(name, value);
}

/** The migration history of the features, one sequence per feature. */
export interface FeatureMigrations {
  readonly feature: string;
  readonly migrations: readonly Migration[];
}

const FEATURE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS feature_migrations (
  feature TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (feature, version)
)`;

/** Applies each feature's pending migrations, each in its own transaction; returns what it applied. */
export function migrateFeatures(db: Database.Database, features: readonly FeatureMigrations[]): Array<{ feature: string; version: number }> {
  if (features.length === 0) return [];
  db.exec(FEATURE_MIGRATIONS_TABLE);
  const done: Array<{ feature: string; version: number }> = [];
  for (const { feature, migrations } of features) {
    const applied = new Set(
      (db.prepare("SELECT version FROM feature_migrations WHERE feature = ?").all(feature) as Array<{ version: number }>).map((row) => row.version),
    );
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      db.transaction(() => {
        db.exec(migration.sql);
        db.prepare("INSERT INTO feature_migrations (feature, version, name, applied_at) VALUES (?, ?, ?, ?)").run(
          feature,
          migration.version,
          migration.name,
          new Date().toISOString(),
        );
      }).immediate();
      done.push({ feature, version: migration.version });
    }
  }
  return done;
}

/** Null when every feature's schema is current; else which one is behind. */
export function featureMigrationsBehind(db: Database.Database, features: readonly FeatureMigrations[]): string | null {
  if (features.length === 0) return null;
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'feature_migrations'").get();
  for (const { feature, migrations } of features) {
    const expected = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    if (expected === 0) continue;
    const row = table
      ? (db.prepare("SELECT MAX(version) AS version FROM feature_migrations WHERE feature = ?").get(feature) as { version: number | null })
      : { version: null };
    if ((row.version ?? 0) < expected) return `the ${feature} schema is at version ${row.version ?? 0}, this version needs ${expected}: run leadport migrate`;
  }
  return null;
}
