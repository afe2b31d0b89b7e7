import { beforeEach, describe, expect, it } from "vitest";
import { CreateInquiry } from "../../src/application/inquiries/create-inquiry.js";
import { GetInquiry } from "../../src/application/inquiries/get-inquiry.js";
import { RescoreInquiries } from "../../src/application/inquiries/rescore-inquiries.js";
import { notificationTriggerOf } from "../../src/application/notifications/notification-triggers.js";
import type { OutboxMessage } from "../../src/application/ports/outbox-queue.js";
import { GetScoreWeights } from "../../src/application/workspaces/get-score-weights.js";
import { SetScoreWeights } from "../../src/application/workspaces/set-score-weights.js";
import { AddStaffMember } from "../../src/application/staff/add-staff-member.js";
import { CreateWorkspace } from "../../src/application/workspaces/create-workspace.js";
import type { UnitOfWork } from "../../src/application/ports/unit-of-work.js";
import { SqliteDatabase } from "../../src/adapters/sqlite/sqlite-database.js";
import { SqliteUnitOfWork } from "../../src/adapters/sqlite/sqlite-unit-of-work.js";
import { MemoryUnitOfWork } from "../../src/adapters/memory/memory-unit-of-work.js";
import { CommitSignalingUnitOfWork } from "../../src/adapters/shared/commit-signaling-unit-of-work.js";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { UuidV7Ids } from "../../src/adapters/system/uuid-v7-ids.js";
import type { DomainEvent } from "../../src/domain/events.js";
import { DEFAULT_SCORE_WEIGHTS } from "../../src/domain/inquiry/lead-score.js";
import { MacrotaskScheduler } from "../../src/adapters/system/macrotask-scheduler.js";

function setup(storage: UnitOfWork = new MemoryUnitOfWork()) {
  /** The memory adapter lets tests read the outbox directly. */
  const memory = storage instanceof MemoryUnitOfWork ? storage : null;
  const commits = { count: 0 };
  const uow = new CommitSignalingUnitOfWork(storage, () => commits.count++);
  const clock = new ManualClock();
  const ids = new UuidV7Ids();
  return {
    memory,
    commits,
    clock,
    workspaces: new CreateWorkspace(uow, clock, ids),
    create: new CreateInquiry(uow, clock, ids),
    getInquiry: new GetInquiry(uow),
    get: new GetScoreWeights(uow),
    set: new SetScoreWeights(uow, clock, ids),
    rescore: new RescoreInquiries(uow, clock, ids, new MacrotaskScheduler()),
    addStaff: new AddStaffMember(uow, clock, ids),
  };
}

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};

const asMessage = (event: DomainEvent): OutboxMessage => ({
  ...event,
  status: "pending",
  attempts: 0,
  nextAttemptAt: event.occurredAt,
  lastError: null,
  processedAt: null,
});

describe("score weights use cases", () => {
  let s: ReturnType<typeof setup>;
  let ws: string;
  let other: string;

  beforeEach(async () => {
    s = setup();
    ws = must(await s.workspaces.execute("handwerk")).id;
    other = must(await s.workspaces.execute("nachbar")).id;
  });

  const inquiry = (workspaceId: string, title: string) =>
    s.create.execute(workspaceId, { title, contact: { name: "Max Mustermann", email: `${title.toLowerCase()}@example.org` }, expectedValue: 5000 });

  it("starts with the default weights", async () => {
    expect(must(await s.get.execute(ws))).toEqual(DEFAULT_SCORE_WEIGHTS);
  });

  it("merges a change, stores it and records ScoreWeightsChanged in the outbox", async () => {
    const changed = must(await s.set.execute(ws, { value: 60, urgency: 0 }));
    expect(changed).toEqual({ ...DEFAULT_SCORE_WEIGHTS, value: 60, urgency: 0 });
    expect(must(await s.get.execute(ws))).toEqual(changed);
    expect(must(await s.get.execute(other))).toEqual(DEFAULT_SCORE_WEIGHTS);
    const event = s.memory!.outboxEvents().at(-1)!;
    expect(event).toMatchObject({ type: "ScoreWeightsChanged", workspaceId: ws, aggregateId: ws, payload: { weights: changed, previous: DEFAULT_SCORE_WEIGHTS } });
  });

  it("refuses unknown and invalid settings, naming each, and changes nothing", async () => {
    const events = s.memory!.outboxEvents().length;
    const unknown = await s.set.execute(ws, { colour: 1 } as never);
    expect(unknown.ok ? [] : unknown.error.issues).toEqual([{ path: "colour", message: "is not a known field" }]);
    const negative = await s.set.execute(ws, { value: -5, start: -1, contact: 1001 });
    expect(negative.ok ? [] : negative.error.issues?.map((issue) => issue.path)).toEqual(["contact", "value", "start"]);
    const infinite = await s.set.execute(ws, { start: Number.POSITIVE_INFINITY });
    expect(infinite.ok ? [] : infinite.error.issues?.map((issue) => issue.path)).toEqual(["start"]);
    const notANumber = await s.set.execute(ws, { value: "30" as never });
    expect(notANumber.ok ? [] : notANumber.error.issues?.map((issue) => issue.path)).toEqual(["value"]);
    const allOff = await s.set.execute(ws, { contact: 0, value: 0, probability: 0, urgency: 0, budget: 0, start: 0, source: 0 });
    expect(allOff.ok ? "" : allOff.error.code).toBe("validation_failed");
    expect(must(await s.get.execute(ws))).toEqual(DEFAULT_SCORE_WEIGHTS);
    expect(s.memory!.outboxEvents()).toHaveLength(events);
  });

  it("scores the next inquiry with the new weights", async () => {
    const before = must(await inquiry(ws, "Vorher")).inquiry;
    must(await s.set.execute(ws, { value: 80 }));
    const after = must(await inquiry(ws, "Nachher")).inquiry;
    const maxPoints = (i: typeof after) => i.leadScoreReasons.find((reason) => reason.rule === "value")!.maxPoints;
    expect(maxPoints(before)).toBe(20);
    expect(maxPoints(after)).toBe(50);
    expect(after.leadScore).not.toBe(before.leadScore);
  });

  it("rescores old inquiries in batches, each its own transaction, and reports scanned and changed", async () => {
    const created = [];
    for (const title of ["Eins", "Zwei", "Drei", "Vier", "Fuenf"]) created.push(must(await inquiry(ws, title)).inquiry);
    const untouched = must(await inquiry(other, "Nachbar")).inquiry;
    must(await s.set.execute(ws, { value: 80 }));
    s.clock.advance(60_000);
    const commitsBefore = s.commits.count;
    const events = s.memory!.outboxEvents().length;

    expect(must(await s.rescore.execute(ws, 2))).toEqual({ scanned: 5, changed: 5 });
    expect(s.commits.count - commitsBefore).toBe(3);
    for (const old of created) {
      const now = must(await s.getInquiry.execute(ws, old.id));
      expect(now.leadScoreReasons.find((reason) => reason.rule === "value")!.maxPoints).toBe(50);
      expect(now.updatedAt).toBe(s.clock.now().toISOString());
      expect({ ...now, leadScore: old.leadScore, leadScoreReasons: old.leadScoreReasons, updatedAt: old.updatedAt }).toEqual(old);
    }
    expect(must(await s.getInquiry.execute(other, untouched.id))).toEqual(untouched);

    const rescored = s.memory!.outboxEvents().slice(events);
    expect(rescored.map((event) => event.type)).toEqual(Array(5).fill("InquiryUpdated"));
    expect(rescored.map((event) => event.payload.changed)).toEqual(Array(5).fill(["leadScore", "leadScoreReasons"]));
  });

  it("lets other work run between rescore batches instead of holding the process until the end", async () => {
    for (const title of ["Eins", "Zwei", "Drei", "Vier", "Fuenf"]) must(await inquiry(ws, title));
    must(await s.set.execute(ws, { value: 80 }));
    let batchesBeforeOtherWork = -1;
    const commitsBefore = s.commits.count;
    // Queued like a request that arrived meanwhile: it runs only once the rescore hands the loop back.
    setImmediate(() => (batchesBeforeOtherWork = s.commits.count - commitsBefore));
    expect(must(await s.rescore.execute(ws, 2))).toEqual({ scanned: 5, changed: 5 });
    expect(batchesBeforeOtherWork).toBe(1);
  });

  it("leaves inquiries whose score does not change untouched", async () => {
    const old = must(await inquiry(ws, "Gleich")).inquiry;
    s.clock.advance(60_000);
    const events = s.memory!.outboxEvents().length;
    expect(must(await s.rescore.execute(ws))).toEqual({ scanned: 1, changed: 0 });
    expect(must(await s.getInquiry.execute(ws, old.id))).toEqual(old);
    expect(s.memory!.outboxEvents()).toHaveLength(events);
  });

  it("leaves an inquiry untouched whose stored reasons come back with their keys in another order", async () => {
    const old = must(await inquiry(ws, "Umsortiert")).inquiry;
    // PostgreSQL's jsonb keeps an object's keys in an order of its own, not in the order they were written.
    const reordered = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reordered)
        : value !== null && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reordered(inner)]))
          : value;
    const stored = await s.memory!.run(ws, async (tx) => {
      const found = (await tx.inquiries.findById(old.id))!;
      await tx.inquiries.update({ ...found, leadScoreReasons: reordered(found.leadScoreReasons) as typeof found.leadScoreReasons });
      return { ok: true as const, value: found };
    });
    expect(stored.ok).toBe(true);
    expect(must(await s.rescore.execute(ws))).toEqual({ scanned: 1, changed: 0 });
  });

  it("does not notify staff of a rescore, even of an assigned inquiry", async () => {
    must(await s.addStaff.execute(ws, { name: "Anna Schulz", email: "anna@example.org" }));
    must(await s.create.execute(ws, { title: "Zugewiesen", contact: { name: "Max" }, expectedValue: 900, assignee: "anna@example.org" }));
    must(await s.set.execute(ws, { value: 200 }));
    const events = s.memory!.outboxEvents().length;
    expect(must(await s.rescore.execute(ws)).changed).toBe(1);
    const rescored = s.memory!.outboxEvents().slice(events);
    expect(rescored).toHaveLength(1);
    expect(rescored[0]!.payload.inquiry).toMatchObject({ assignee: "anna@example.org" });
    expect(notificationTriggerOf(asMessage(rescored[0]!))).toBeNull();
  });

  it("answers not found for a workspace that does not exist", async () => {
    expect((await s.get.execute("no-such-workspace")).ok).toBe(false);
    expect(((await s.set.execute("no-such-workspace", { value: 1 })) as { error?: { code: string } }).error?.code).toBe("not_found");
  });
});

describe("rescoring on SQLite", () => {
  it("walks every page of the keyset listing, one transaction per batch", async () => {
    const database = new SqliteDatabase({ path: ":memory:" });
    try {
      const s = setup(new SqliteUnitOfWork(database));
      const ws = must(await s.workspaces.execute("handwerk")).id;
      const ids = [];
      for (let i = 0; i < 7; i++) ids.push(must(await s.create.execute(ws, { contact: { name: `Kunde ${i}` }, expectedValue: 1000 * (i + 1) })).inquiry.id);
      must(await s.set.execute(ws, { value: 80 }));
      const commitsBefore = s.commits.count;
      expect(must(await s.rescore.execute(ws, 3))).toEqual({ scanned: 7, changed: 7 });
      expect(s.commits.count - commitsBefore).toBe(3);
      for (const id of ids) expect(must(await s.getInquiry.execute(ws, id)).leadScoreReasons.find((r) => r.rule === "value")?.maxPoints).toBe(50);
      expect(must(await s.rescore.execute(ws, 3))).toEqual({ scanned: 7, changed: 0 });
    } finally {
      database.close();
    }
  });
});
