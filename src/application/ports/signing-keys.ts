/**
 * Server-side secrets that sign short-lived credentials (stream tokens), one per purpose. They
 * are generated once and kept in the database, so every process serving it verifies alike.
 */
export interface SigningKeyRepository {
  find(name: string): Promise<string | null>;
  /** Keeps an existing secret: of two processes creating the key at once, the first one wins. */
  insertIfAbsent(name: string, secret: string, createdAt: string): Promise<void>;
}
