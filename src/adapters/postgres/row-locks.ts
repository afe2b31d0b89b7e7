import type { Sql } from "./postgres-database.js";

/**
 * `FOR UPDATE` (with its options) when the transaction may write, nothing in a read-only one:
 * PostgreSQL refuses row locks in a read-only transaction, and a reader has nothing to protect.
 * Feature repositories are built without knowing which kind of transaction they run in, so they
 * ask the connection, once per transaction and only when a query wants a lock.
 */
export function rowLocks(sql: Sql): (clause?: string) => Promise<string> {
  let readOnly: Promise<boolean> | null = null;
  return async (clause = "FOR UPDATE") => {
    readOnly ??= sql.one<{ value: string }>("SELECT current_setting('transaction_read_only') AS value").then((row) => row?.value === "on");
    return (await readOnly) ? "" : clause;
  };
}
