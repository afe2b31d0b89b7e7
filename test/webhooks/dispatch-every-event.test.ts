import { describe, expect, it } from "vitest";
import { DispatchOutbox, EVERY_EVENT_TYPE } from "../../src/application/outbox/dispatch-outbox.js";
import type { OutboxHandler } from "../../src/application/outbox/outbox-handler.js";
import { domainEvent } from "../../src/application/shared/events.js";
import { CreateWorkspace } from "../../src/application/workspaces/create-workspace.js";
import { ok } from "../../src/domain/shared/result.js";
import { MemoryUnitOfWork } from "../../src/adapters/memory/memory-unit-of-work.js";
import { MacrotaskScheduler } from "../../src/adapters/system/macrotask-scheduler.js";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { UuidV7Ids } from "../../src/adapters/system/uuid-v7-ids.js";

describe("the outbox dispatcher", () => {
  it("hands every event type to a handler that asks for all of them, and named types only to the others", async () => {
    const uow = new MemoryUnitOfWork();
    const clock = new ManualClock();
    const ids = new UuidV7Ids();
    const seenByAll: string[] = [];
    const seenByOne: string[] = [];
    const handlers: OutboxHandler[] = [
      { name: "all", eventTypes: [EVERY_EVENT_TYPE], handle: async (message) => void seenByAll.push(message.type) },
      { name: "one", eventTypes: ["TicketClosed"], handle: async (message) => void seenByOne.push(message.type) },
    ];
    const dispatch = new DispatchOutbox(uow, clock, ids, handlers, { retry: { baseDelayMs: 1000, maxDelayMs: 1000, maxAttempts: 2 }, leaseMs: 1000, retentionMs: 7 * 24 * 3_600_000 }, new MacrotaskScheduler());
    const workspace = await new CreateWorkspace(uow, clock, ids).execute("a");
    if (!workspace.ok) throw new Error("workspace");
    await uow.run(workspace.value.id, async (tx) => {
      await tx.outbox.add(domainEvent(ids, clock, tx.workspaceId, "InquiryCreated", "i1", {}));
      await tx.outbox.add(domainEvent(ids, clock, tx.workspaceId, "TicketClosed", "t1", {}));
      return ok(undefined);
    });

    const report = await dispatch.execute();

    expect(report.ok && report.value.done).toBe(2);
    expect(seenByAll).toEqual(["InquiryCreated", "TicketClosed"]);
    expect(seenByOne).toEqual(["TicketClosed"]);
  });
});
