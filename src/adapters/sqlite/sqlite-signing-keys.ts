import type { SigningKeyRepository } from "../../application/ports/signing-keys.js";
import type { SqliteDatabase } from "./sqlite-database.js";

/** The `signing_keys` table (migration 6). */
export function sqliteSigningKeys(database: SqliteDatabase): SigningKeyRepository {
  return {
    find: async (name) =>
      (database.statement("SELECT secret FROM signing_keys WHERE name = ?").get(name) as { secret: string } | undefined)?.secret ?? null,
    insertIfAbsent: async (name, secret, createdAt) => {
      database.statement("INSERT INTO signing_keys (name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING").run(name, secret, createdAt);
    },
  };
}
