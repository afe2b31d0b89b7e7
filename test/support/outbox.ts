import { join } from "node:path";
import { domainEvent } from "../../src/application/shared/events.js";
import type { DomainEventType } from "../../src/domain/events.js";
import { ok } from "../../src/domain/shared/result.js";
import { SqliteDatabase } from "../../src/adapters/sqlite/sqlite-database.js";
import { SqliteUnitOfWork } from "../../src/adapters/sqlite/sqlite-unit-of-work.js";
import { SystemClock } from "../../src/adapters/system/system-clock.js";
import { UuidV7Ids } from "../../src/adapters/system/uuid-v7-ids.js";

/**
 * Writes an event into a running server's outbox through a second connection, the way another
 * feature's use case would (orders and tickets are produced elsewhere).
 */
export async function addOutboxEvent(dataDir: string, workspace: string, type: DomainEventType, aggregateId: string, payload: Record<string, unknown>) {
  const database = new SqliteDatabase({ path: join(dataDir, "leadport.db") });
  try {
    const uow = new SqliteUnitOfWork(database);
    const found = await uow.runSystem(async (tx) => ok(await tx.workspaces.findByName(workspace)));
    if (!found.ok || !found.value) throw new Error(`no workspace ${workspace}`);
    const workspaceId = found.value.id;
    const event = domainEvent(new UuidV7Ids(), new SystemClock(), workspaceId, type, aggregateId, payload);
    await uow.run(workspaceId, async (tx) => ok(await tx.outbox.add(event)));
    return event;
  } finally {
    database.close();
  }
}

/** Counts outbox rows straight from the database file. */
export function outboxCount(dataDir: string, where: string): number {
  const database = new SqliteDatabase({ path: join(dataDir, "leadport.db"), migrate: false });
  try {
    return (database.db.prepare(`SELECT count(*) AS n FROM outbox WHERE ${where}`).get() as { n: number }).n;
  } finally {
    database.close();
  }
}
