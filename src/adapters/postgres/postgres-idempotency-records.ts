import type { IdempotencyRecords } from "../../application/ports/idempotency-records.js";
import type { Sql } from "./postgres-database.js";

// PLACEHOLDER: replaced by the full implementation.
export function postgresIdempotencyRecords(_sql: Sql): IdempotencyRecords {
  throw new Error("not implemented yet");
}
