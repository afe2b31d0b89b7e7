import { join } from "node:path";
import { domainEvent } from "../../src/application/shared/events.js";
import type { DomainEventType } from "../../src/domain/events.js";
import { ok } from "../../src/domain/shared/result.js";
import { SqliteDatabase } from "../../src/adapters/sqlite/sqlite-database.js";
import { SqliteUnitOfWork } from "../../src/adapters/sqlite/sqlite-unit-of-work.js";
import { PostgresDatabase } from "../../src/adapters/postgres/postgres-database.js";
import { PostgresUnitOfWork } from "../../src/adapters/postgres/postgres-unit-of-work.js";
import type { UnitOfWork } from "../../src/application/ports/unit-of-work.js";
import { SystemClock } from "../../src/adapters/system/system-clock.js";
import { UuidV7Ids } from "../../src/adapters/system/uuid-v7-ids.js";
import { databaseEnvFor, queryDatabase } from "./test-database.js";

/**
 * Writes an event into a running server's outbox through a second connection, the way another
 * feature's use case would (orders and tickets are produced elsewhere).
 */
export async function addOutboxEvent(dataDir: string, workspace: string, type: DomainEventType, aggregateId: string, payload: Record<string, unknown>) {
  const { uow, close } = secondConnection(join(dataDir, "leadport.db"));
  try {
    const found = await uow.runSystem(async (tx) => ok(await tx.workspaces.findByName(workspace)));
    if (!found.ok || !found.value) throw new Error(`no workspace ${workspace}`);
    const workspaceId = found.value.id;
    const event = domainEvent(new UuidV7Ids(), new SystemClock(), workspaceId, type, aggregateId, payload);
    await uow.run(workspaceId, async (tx) => ok(await tx.outbox.add(event)));
    return event;
  } finally {
    await close();
  }
}

/** A unit of work on the database file at `path`, or in PostgreSQL mode on its schema. */
function secondConnection(path: string): { uow: UnitOfWork; close: () => Promise<void> } {
  const postgres = databaseEnvFor(path);
  if (postgres.LEADPORT_DATABASE_URL) {
    const database = new PostgresDatabase({ url: postgres.LEADPORT_DATABASE_URL, schema: postgres.LEADPORT_DATABASE_SCHEMA });
    return { uow: new PostgresUnitOfWork(database), close: () => database.close() };
  }
  // The server under test shares this process: a blocking busy wait here would stop its event loop
  // while it holds the lock it is about to release. Wait on timers instead, as a server does.
  const database = new SqliteDatabase({ path, busyTimeoutMs: 5 });
  return { uow: new SqliteUnitOfWork(database, { lockWaitMs: 10_000 }), close: async () => database.close() };
}

/** Counts outbox rows straight from the database. */
export async function outboxCount(dataDir: string, where: string): Promise<number> {
  const [row] = await queryDatabase<{ n: number | string }>(join(dataDir, "leadport.db"), `SELECT count(*) AS n FROM outbox WHERE ${where}`);
  return Number(row!.n);
}
