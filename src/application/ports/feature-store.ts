/**
 * The name of one feature's repositories inside a transaction. A feature declares its store
 * next to its repository ports; each storage adapter binds a factory to it; a use case asks the
 * transaction for it with `tx.use(store)`. So a feature adds storage without editing the
 * unit-of-work port or any adapter's central class, and a new storage adapter can be built and
 * contract-tested one feature at a time (docs/adr/0013-one-module-per-feature.md).
 */
export interface FeatureStore<Repositories> {
  /** Unique across features, e.g. "surveys" or "surveys.system". */
  readonly name: string;
  /** Never set; carries the repositories' type to `use`. */
  readonly repositories?: Repositories;
}

export function featureStore<Repositories>(name: string): FeatureStore<Repositories> {
  return Object.freeze({ name });
}

/** What every transaction and reader offers besides the core repositories. */
export interface FeatureStores {
  /**
   * The feature's repositories, bound to this transaction (and in a workspace transaction to its
   * workspace). A reader's repositories run on a read-only snapshot: writing through them fails.
   */
  use<Repositories>(store: FeatureStore<Repositories>): Repositories;
}

/** The host wired a feature whose storage this adapter was not given: a wiring mistake. */
export class MissingFeatureStoreError extends Error {
  constructor(storeName: string, scope: "workspace" | "system") {
    super(`no ${scope} storage is bound for "${storeName}" in this storage adapter`);
    this.name = "MissingFeatureStoreError";
  }
}
