import { MissingFeatureStoreError, type FeatureStore } from "../../application/ports/feature-store.js";

/**
 * One feature's share of the in-memory adapter. Its state lives inside the adapter's state, so
 * a transaction's rollback restores it with everything else; the state must therefore be plain
 * data that `structuredClone` copies (maps, arrays, records). Repositories read it through the
 * getter on every call, because a rollback replaces the state object.
 */
export interface MemoryFeatureStorage<State = unknown> {
  readonly feature: string;
  readonly initialState: () => State;
  readonly workspaceStores?: ReadonlyArray<MemoryWorkspaceStoreBinding<State>>;
  readonly systemStores?: ReadonlyArray<MemorySystemStoreBinding<State>>;
}

export interface MemoryWorkspaceStoreBinding<State> {
  readonly store: FeatureStore<unknown>;
  readonly build: (state: () => State, workspaceId: string) => unknown;
}

export interface MemorySystemStoreBinding<State> {
  readonly store: FeatureStore<unknown>;
  readonly build: (state: () => State) => unknown;
}

export function memoryWorkspaceStore<State, R>(store: FeatureStore<R>, build: (state: () => State, workspaceId: string) => R): MemoryWorkspaceStoreBinding<State> {
  return { store, build };
}

export function memorySystemStore<State, R>(store: FeatureStore<R>, build: (state: () => State) => R): MemorySystemStoreBinding<State> {
  return { store, build };
}

/** Defines a feature's memory storage with its state type checked across its bindings. */
export function memoryFeatureStorage<State>(storage: MemoryFeatureStorage<State>): MemoryFeatureStorage {
  return storage as MemoryFeatureStorage;
}

type FeatureStates = Record<string, unknown>;

/** Looks a store up by name for a transaction, handing it its feature's part of the state. */
export class MemoryFeatureStores {
  private readonly workspace = new Map<string, { feature: string; build: MemoryWorkspaceStoreBinding<unknown>["build"] }>();
  private readonly system = new Map<string, { feature: string; build: MemorySystemStoreBinding<unknown>["build"] }>();

  constructor(private readonly features: readonly MemoryFeatureStorage[]) {
    for (const feature of features) {
      for (const binding of feature.workspaceStores ?? []) addOnce(this.workspace, binding.store.name, { feature: feature.feature, build: binding.build });
      for (const binding of feature.systemStores ?? []) addOnce(this.system, binding.store.name, { feature: feature.feature, build: binding.build });
    }
  }

  initialStates(): FeatureStates {
    return Object.fromEntries(this.features.map((feature) => [feature.feature, feature.initialState()]));
  }

  forWorkspace(states: () => FeatureStates, workspaceId: string): <R>(store: FeatureStore<R>) => R {
    return <R>(store: FeatureStore<R>): R => {
      const binding = this.workspace.get(store.name);
      if (!binding) throw new MissingFeatureStoreError(store.name, "workspace");
      return binding.build(() => states()[binding.feature], workspaceId) as R;
    };
  }

  forSystem(states: () => FeatureStates): <R>(store: FeatureStore<R>) => R {
    return <R>(store: FeatureStore<R>): R => {
      const binding = this.system.get(store.name);
      if (!binding) throw new MissingFeatureStoreError(store.name, "system");
      return binding.build(() => states()[binding.feature]) as R;
    };
  }
}

function addOnce<T>(map: Map<string, T>, name: string, value: T): void {
  if (map.has(name)) throw new Error(`two features bind the store "${name}"`);
  map.set(name, value);
}
