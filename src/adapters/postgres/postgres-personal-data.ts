import type { PersonalDataStore } from "../../application/ports/personal-data.js";
import type { Sql } from "./postgres-database.js";

// PLACEHOLDER: replaced by the full implementation.
export function postgresPersonalData(_sql: Sql, _workspaceId: string): PersonalDataStore {
  throw new Error("not implemented yet");
}
