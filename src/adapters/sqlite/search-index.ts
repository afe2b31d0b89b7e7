import type { SqliteDatabase } from "./sqlite-database.js";

/** The tables with a search index (migrations 11 and 13). */
export const SEARCHED_TABLES = ["inquiries", "customers"] as const;
export type SearchedTable = (typeof SEARCHED_TABLES)[number];

/** Rows waiting above the watermark before they are indexed together; also the most a search compares directly. */
const INDEX_IN_BATCHES_OF = 256;

/**
 * Indexes the rows above each table's watermark once enough have gathered, inside the writing
 * transaction that is about to commit. One FTS5 transaction writes one index segment whatever its
 * size, so indexing a few hundred rows at once writes a fraction of what indexing each row in its
 * own small commit wrote (docs/adr/0012).
 */
export function catchUpSearchIndexes(database: SqliteDatabase): void {
  for (const table of SEARCHED_TABLES) {
    const { upTo, top } = database
      .statement(`SELECT indexed_up_to AS upTo, (SELECT max(rowid) FROM ${table}) AS top FROM search_index_progress WHERE table_name = ?`)
      .get(table) as { upTo: number; top: number | null };
    if (top === null || top - upTo < INDEX_IN_BATCHES_OF) continue;
    database.statement(`INSERT INTO ${table}_search(rowid, search_text) SELECT rowid, search_text FROM ${table} WHERE rowid > ? AND rowid <= ?`).run(upTo, top);
    database.statement("UPDATE search_index_progress SET indexed_up_to = ? WHERE table_name = ?").run(top, table);
  }
}

/**
 * A substring condition over the index and the rows not yet in it. `rowid > watermark` reads at
 * most a few hundred rows, so the direct comparison stays cheap at any table size.
 */
export function searchCondition(table: SearchedTable): string {
  return `(rowid IN (SELECT rowid FROM ${table}_search WHERE ${table}_search MATCH ?)
    OR (rowid > (SELECT indexed_up_to FROM search_index_progress WHERE table_name = '${table}') AND instr(search_text, ?) > 0))`;
}
