import type { SigningKeyRepository } from "../../application/ports/signing-keys.js";
import type { Sql } from "./postgres-database.js";

/**
 * The `signing_keys` table. Two instances creating the same key at once: the second INSERT waits
 * for the first transaction, then does nothing, and its next `find` (a new snapshot under READ
 * COMMITTED) reads the winner's secret, so both sign alike.
 */
export function postgresSigningKeys(sql: Sql): SigningKeyRepository {
  return {
    find: async (name) => (await sql.one<{ secret: string }>("SELECT secret FROM signing_keys WHERE name = $1", [name]))?.secret ?? null,
    insertIfAbsent: async (name, secret, createdAt) => {
      await sql.exec("INSERT INTO signing_keys (name, secret, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING", [name, secret, createdAt]);
    },
  };
}
