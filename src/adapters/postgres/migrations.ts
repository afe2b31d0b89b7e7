export interface PostgresMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/*
 * Append-only, like the SQLite history: a released migration is never edited. Records keep their
 * full shape as jsonb in `data`; the columns beside it are projections for lookups, filters and
 * ordering. Text columns compared or ordered (ids, ISO timestamps, keys) are COLLATE "C", so the
 * order is the byte order SQLite uses whatever the database's collation.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [];
