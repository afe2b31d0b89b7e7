import type { SigningKeyRepository } from "../../application/ports/signing-keys.js";
import type { Sql } from "./postgres-database.js";

// PLACEHOLDER: replaced by the full implementation.
export function postgresSigningKeys(_sql: Sql): SigningKeyRepository {
  throw new Error("not implemented yet");
}
