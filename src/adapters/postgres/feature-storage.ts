import { MissingFeatureStoreError, type FeatureStore } from "../../application/ports/feature-store.js";
import type { PostgresMigration } from "./migrations.js";
import type { Sql } from "./postgres-database.js";

/** Builds a feature's repositories on the connection of the transaction that asks for them. */
export interface PostgresWorkspaceStoreBinding {
  readonly store: FeatureStore<unknown>;
  readonly build: (sql: Sql, workspaceId: string) => unknown;
}

export interface PostgresSystemStoreBinding {
  readonly store: FeatureStore<unknown>;
  readonly build: (sql: Sql) => unknown;
}

/**
 * One feature's share of the PostgreSQL adapter: its own migration history (recorded in
 * `feature_migrations`, like SQLite's) and the factories of its repositories.
 */
export interface PostgresFeatureStorage {
  readonly feature: string;
  readonly migrations: readonly PostgresMigration[];
  readonly workspaceStores?: readonly PostgresWorkspaceStoreBinding[];
  readonly systemStores?: readonly PostgresSystemStoreBinding[];
  /** The feature's unique constraints that two instances can race for (PostgresOptions.retryOnConstraints). */
  readonly retryOnConstraints?: readonly string[];
}

export function postgresWorkspaceStore<R>(store: FeatureStore<R>, build: (sql: Sql, workspaceId: string) => R): PostgresWorkspaceStoreBinding {
  return { store, build };
}

export function postgresSystemStore<R>(store: FeatureStore<R>, build: (sql: Sql) => R): PostgresSystemStoreBinding {
  return { store, build };
}

/** Looks a store up by name for a transaction; built once per transaction, on first use. */
export class PostgresFeatureStores {
  private readonly workspace = new Map<string, PostgresWorkspaceStoreBinding["build"]>();
  private readonly system = new Map<string, PostgresSystemStoreBinding["build"]>();

  constructor(features: readonly PostgresFeatureStorage[]) {
    for (const feature of features) {
      for (const binding of feature.workspaceStores ?? []) addOnce(this.workspace, binding.store.name, binding.build);
      for (const binding of feature.systemStores ?? []) addOnce(this.system, binding.store.name, binding.build);
    }
  }

  forWorkspace(sql: Sql, workspaceId: string): <R>(store: FeatureStore<R>) => R {
    return this.lookup(this.workspace, "workspace", (build) => build(sql, workspaceId));
  }

  forSystem(sql: Sql): <R>(store: FeatureStore<R>) => R {
    return this.lookup(this.system, "system", (build) => build(sql));
  }

  private lookup<B>(bindings: Map<string, B>, scope: "workspace" | "system", build: (binding: B) => unknown): <R>(store: FeatureStore<R>) => R {
    const built = new Map<string, unknown>();
    return <R>(store: FeatureStore<R>): R => {
      if (!built.has(store.name)) {
        const binding = bindings.get(store.name);
        if (!binding) throw new MissingFeatureStoreError(store.name, scope);
        built.set(store.name, build(binding));
      }
      return built.get(store.name) as R;
    };
  }
}

function addOnce<T>(map: Map<string, T>, name: string, value: T): void {
  if (map.has(name)) throw new Error(`two features bind the store "${name}"`);
  map.set(name, value);
}
