import type { SigningKeyRepository } from "../../application/ports/signing-keys.js";

/** `keys` is read on every call because a rollback swaps the map. */
export function memorySigningKeys(keys: () => Map<string, string>): SigningKeyRepository {
  return {
    find: async (name) => keys().get(name) ?? null,
    insertIfAbsent: async (name, secret) => {
      if (!keys().has(name)) keys().set(name, secret);
    },
  };
}
